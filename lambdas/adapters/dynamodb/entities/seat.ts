import * as z from 'zod/mini';
import { gradeOfSeat, standardGrade } from '../../../domain/concert';
import type { ConcertDate } from '../../../domain/concert';
import type { Seat } from '../../../domain/seat';
import { SeatStatus } from '../../../domain/seat';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, oneOf, optional, parseItem } from './item';

/**
 * One seat of one date: `SEATS#<concert>#<date>/SEAT#<nnnn>`. The seats of a date share a partition, so the seat map is
 * one Query and dates never contend with each other.
 */
export const seatEntity = 'Seat';

const seatsPartition = (concertId: string, date: string): string => `SEATS#${concertId}#${date}`;
const seatPrefix = 'SEAT#';

export const seatKey = (concertId: string, date: string, seatNo: number): ItemKey => ({
  pk: seatsPartition(concertId, date),
  sk: `${seatPrefix}${String(seatNo).padStart(4, '0')}`,
});

export const seatsOfDateKey = (concertId: string, date: string): { pk: string; skPrefix: string } => ({ pk: seatsPartition(concertId, date), skPrefix: seatPrefix });

/**
 * Attributes that conditions and updates name. `reservationId`, `holderId` and `holdExpiresAt` are set while the seat
 * is HELD (and kept when it is SOLD) and removed when it is released.
 */
export const seatAttribute = {
  status: 'status',
  reservationId: 'reservationId',
  holderId: 'holderId',
  holdExpiresAt: 'holdExpiresAt',
} as const;

const seatSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    concertId: z.string(),
    date: z.string(),
    seatNo: z.number(),
    price: z.number(),
    grade: z.optional(z.string()),
    status: oneOf(Object.values(SeatStatus)),
    reservationId: z.optional(z.string()),
    holdExpiresAt: z.optional(z.number()),
  }),
);

export const seatFromItem = (item: StoredItem): Seat => {
  const { grade, reservationId, holdExpiresAt, ...seat } = parseItem(seatEntity, seatSchema, item);
  return {
    ...seat,
    // Seats created before grades existed are all of the one standard grade.
    grade: grade ?? standardGrade,
    ...optional('reservationId', reservationId === '' ? undefined : reservationId),
    ...optional('holdExpiresAtMs', holdExpiresAt),
  };
};

/** A new AVAILABLE seat of a date, with its grade and that grade's price. */
export const newSeatItem = (date: ConcertDate, seatNo: number): StoredItem => {
  const grade = gradeOfSeat(date.grades, seatNo);
  if (!grade) throw new Error(`seat ${seatNo} has no grade`);
  return {
    ...seatKey(date.concertId, date.date, seatNo),
    entity: seatEntity,
    concertId: date.concertId,
    date: date.date,
    seatNo,
    grade: grade.grade,
    price: grade.price,
    status: SeatStatus.available,
  };
};
