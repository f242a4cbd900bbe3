import * as z from 'zod/mini';
import { maxSeatsPerReservation } from '../domain/reservation';
import { calendarDate } from './date-schemas';
import { opaqueId } from './schemas';

/*
 * The hold request's schema, apart from schemas.ts: its zod checks (arrays, refinements, optional fields) would
 * otherwise be bundled into every function, and each bundle has a 300 KB budget. One module per route family,
 * because esbuild keeps every top-level zod call of a module it bundles, used or not.
 */

const seatNo = z.int().check(z.positive());
/**
 * `seatNos` (v2) or the v1 `seatNo`, exactly one of them. The seats must be distinct; more than
 * MAX_SEATS_PER_USER of them is the use case's 409 SEAT_LIMIT_EXCEEDED, more than a transaction can take a 400.
 */
export const holdSeatBody = z
  .strictObject({
    concertId: opaqueId,
    date: calendarDate,
    seatNos: z.optional(z.array(seatNo).check(z.minLength(1), z.maxLength(maxSeatsPerReservation))),
    seatNo: z.optional(seatNo),
  })
  .check(
    z.refine((body) => (body.seatNos === undefined) !== (body.seatNo === undefined), {
      message: 'give exactly one of seatNos (a list of seat numbers) and seatNo',
      path: ['seatNos'],
    }),
    z.refine((body) => body.seatNos === undefined || new Set(body.seatNos).size === body.seatNos.length, {
      message: 'must be distinct seat numbers',
      path: ['seatNos'],
    }),
  );

/** The seats a validated hold body asks for, whichever form it used. */
export const seatNosOf = (body: z.infer<typeof holdSeatBody>): number[] => body.seatNos ?? [body.seatNo!];
