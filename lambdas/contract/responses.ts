import * as z from 'zod/mini';
import { ErrorCode } from '../domain/errors';

/** Response bodies of the public contract (docs/api.md); handlers' results match these, OpenAPI shows them. */
const won = z.int().check(z.minimum(0));
const count = z.int().check(z.minimum(0));
const isoTimestamp = z.iso.datetime();
const date = z.iso.date();

export const errorResponse = z
  .strictObject({ error: z.strictObject({ code: z.enum(Object.values(ErrorCode)), message: z.string() }) })
  .register(z.globalRegistry, { id: 'Error' });

export const healthResponse = z.strictObject({ status: z.literal('ok') });
const userKey = z.string().register(z.globalRegistry, { description: 'uk_ + 43 URL-safe characters; shown once, keep it secret' });
export const userResponse = z.strictObject({ userId: z.uuid(), name: z.string(), userKey });
export const challengeResponse = z.strictObject({
  algorithm: z.literal('SHA-256'),
  challenge: z.string(),
  maxnumber: z.int().check(z.minimum(1)),
  salt: z.string(),
  signature: z.string(),
});
export const userKeyResponse = z.strictObject({ userId: z.uuid(), userKey });
const saleStatus = z.enum(['UPCOMING', 'ON_SALE', 'PAUSED', 'ENDED']);
/** null: on sale since the concert was created. */
const saleOpensAt = z.nullable(isoTimestamp);
export const concertsResponse = z.strictObject({
  concerts: z.array(z.strictObject({ concertId: z.string(), title: z.string(), venue: z.string(), saleOpensAt, status: saleStatus })),
});
export const datesResponse = z.strictObject({
  concertId: z.string(),
  dates: z.array(
    z.strictObject({
      date,
      price: won,
      totalSeats: count,
      availableSeats: count,
      grades: z.array(z.strictObject({ grade: z.string(), price: won, availableSeats: count })),
    }),
  ),
});
export const seatsResponse = z.strictObject({
  concertId: z.string(),
  date,
  soldOut: z.boolean(),
  seats: z.array(z.strictObject({ seatNo: z.int(), status: z.enum(['AVAILABLE', 'HELD', 'SOLD']), price: won, grade: z.string() })),
});
export const queueStatusResponse = z.strictObject({
  concertId: z.string(),
  status: saleStatus,
  saleOpensAt,
  waiting: count,
  active: count,
  maxActive: count,
  admittedLastMinute: count,
});

const tokenState = {
  status: z.enum(['WAITING', 'ACTIVE']),
  /** null before the sale opens (pre-queue). */
  position: z.nullable(count),
  /** From the room's observed admission rate; null before the sale opens or while no rate has been observed. */
  estimatedWaitSeconds: z.nullable(count),
  /** When to poll next: grows with the position, at most a third of WAITING_TOKEN_IDLE_SECONDS. */
  pollAfterSeconds: z.int().check(z.minimum(1)),
  expiresAt: isoTimestamp,
};
export const issuedTokenResponse = z.strictObject({ token: z.string(), ...tokenState });
export const tokenStateResponse = z.strictObject(tokenState);

export const reservationResponse = z.strictObject({
  reservationId: z.string(),
  concertId: z.string(),
  date,
  seatNos: z.array(z.int()),
  /** Only when exactly one seat is held (the v1 field). */
  seatNo: z.optional(z.int()),
  price: won,
  status: z.enum(['HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'REFUNDED']),
  expiresAt: isoTimestamp,
});
export const refundResponse = z.strictObject({
  reservationId: z.string(),
  status: z.literal('REFUNDED'),
  refunded: won,
  balance: won,
});
export const reservationListResponse = z.strictObject({
  reservations: z.array(reservationResponse),
  nextCursor: z.nullable(z.string()),
});
export const ledgerResponse = z.strictObject({
  entries: z.array(
    z.strictObject({
      entryId: z.string(),
      kind: z.enum(['CHARGE', 'PAYMENT', 'REFUND']),
      /** Signed: + for a charge or refund, − for a payment. */
      amount: z.int(),
      balanceAfter: won,
      at: isoTimestamp,
      reservationId: z.optional(z.string()),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});
export const balanceResponse = z.strictObject({ userId: z.uuid(), balance: won });
export const chargeResponse = z.strictObject({ userId: z.uuid(), balance: won, charged: won });
export const paymentResponse = z.strictObject({
  paymentId: z.string(),
  reservationId: z.string(),
  amount: won,
  balance: won,
  status: z.literal('CONFIRMED'),
});
