import * as z from 'zod/mini';
import type { Reservation } from '../../../domain/reservation';
import { ReservationStatus } from '../../../domain/reservation';
import type { ItemKey } from '../table';
import { expiryShardCount, indexKeys } from '../table';
import type { StoredItem } from './item';
import { lazySchema, MalformedItemError, numberList, oneOf, parseItem } from './item';

/**
 * A hold and what became of it: `RESERVATION#<id>/RESERVATION`. The sweeper and the table-stream filter match on
 * `entity`; the stream consumer's bundle reads this module without the DynamoDB client.
 */
export const reservationEntity = 'Reservation';

export const reservationKey = (reservationId: string): ItemKey => ({ pk: `RESERVATION#${reservationId}`, sk: 'RESERVATION' });

/**
 * The userReservations index: each user's reservations, newest first. Its sort key `<createdAt ISO>#<reservationId>`
 * is also the page cursor, and carries the reservation id that the index's start key needs. Separate exports, not one
 * object, so that a bundle that only writes reservations carries none of the paging.
 */
export const userReservationsPartition = (userId: string): string => `USER#${userId}`;

export const userReservationsKeys = (userId: string, createdAt: string, reservationId: string) => ({
  ownerPk: userReservationsPartition(userId),
  ownerSk: `${createdAt}#${reservationId}`,
});

export const ownerSortKeyPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,64}$/;

export const userReservationsStartKey = (userId: string, ownerSk: string) => ({
  ownerPk: userReservationsPartition(userId),
  ownerSk,
  ...reservationKey(ownerSk.slice(ownerSk.indexOf('#') + 1)),
});

const ownerSortKeySchema = /* @__PURE__ */ lazySchema(() => z.object({ ownerSk: z.string() }));

export const ownerSortKeyOf = (item: StoredItem): string => parseItem(reservationEntity, ownerSortKeySchema, item).ownerSk;

/**
 * Attributes that conditions and updates name. `expiresAt` is the hold's deadline (epoch ms) and the expiry index's
 * sort key; `expiryPk` puts a HELD reservation in that sparse index and is removed when the hold ends.
 */
export const reservationAttribute = {
  status: 'status',
  userId: 'userId',
  expiresAt: 'expiresAt',
  expiryPk: 'expiryPk',
  endedAt: 'endedAt',
} as const;

const reservationSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    reservationId: z.string(),
    userId: z.string(),
    concertId: z.string(),
    date: z.string(),
    seatNos: z.optional(numberList()),
    seatNo: z.optional(z.number()),
    price: z.number(),
    status: oneOf(Object.values(ReservationStatus)),
    expiresAt: z.number(),
  }),
);

export const reservationFromItem = (item: StoredItem): Reservation => {
  const { seatNos, seatNo, expiresAt, ...reservation } = parseItem(reservationEntity, reservationSchema, item);
  // Reservations placed before multi-seat holds stored one `seatNo`.
  const seats = seatNos ?? (seatNo === undefined ? undefined : [seatNo]);
  if (seats === undefined) throw new MalformedItemError(reservationEntity, 'seatNos', 'expected array', { pk: item.pk, sk: item.sk });
  return { ...reservation, seatNos: seats, expiresAtMs: expiresAt };
};

/**
 * A new HELD reservation. `entity` and the expiry index keys (`expiryPk`, numeric `expiresAt`, which is also the
 * hold's deadline) let the sweeper find it; the shard is random so that index writes spread evenly.
 */
export const heldReservationItem = (reservation: Reservation, createdAt: string): StoredItem => ({
  ...reservationKey(reservation.reservationId),
  ...indexKeys.expiry(Math.floor(Math.random() * expiryShardCount), reservation.expiresAtMs),
  ...userReservationsKeys(reservation.userId, createdAt, reservation.reservationId),
  entity: reservationEntity,
  reservationId: reservation.reservationId,
  userId: reservation.userId,
  concertId: reservation.concertId,
  date: reservation.date,
  seatNos: [...reservation.seatNos],
  price: reservation.price,
  status: reservation.status,
  createdAt,
});
