export const ReservationStatus = {
  held: 'HELD',
  confirmed: 'CONFIRMED',
  expired: 'EXPIRED',
  cancelled: 'CANCELLED',
  refunded: 'REFUNDED',
} as const;
export type ReservationStatus = (typeof ReservationStatus)[keyof typeof ReservationStatus];

/** How a hold ended without a payment: by its deadline, or by its owner. */
export type HoldEnding = typeof ReservationStatus.expired | typeof ReservationStatus.cancelled;

export interface Reservation {
  readonly reservationId: string;
  readonly userId: string;
  readonly concertId: string;
  readonly date: string;
  /** The held seats, distinct and ascending: held, paid, released and refunded together. */
  readonly seatNos: readonly number[];
  /** Integer won: the sum of the seats' own prices when the hold was placed. */
  readonly price: number;
  /** As stored; read it through `effectiveReservationStatus`. */
  readonly status: ReservationStatus;
  /** The hold's deadline (epoch ms); kept after the hold ended. */
  readonly expiresAtMs: number;
}

/**
 * A hold is over at its deadline, whether or not anything has released it yet. The same boundary as
 * `effectiveSeatStatus`: at `expiresAtMs` exactly the hold is already expired.
 */
export const isHoldExpired = (expiresAtMs: number, nowMs: number): boolean => expiresAtMs <= nowMs;

/** What the owner sees: a HELD reservation past its deadline reads EXPIRED at once. */
export const effectiveReservationStatus = (reservation: Pick<Reservation, 'status' | 'expiresAtMs'>, nowMs: number): ReservationStatus =>
  reservation.status === ReservationStatus.held && isHoldExpired(reservation.expiresAtMs, nowMs)
    ? ReservationStatus.expired
    : reservation.status;

export const holdDeadline = (nowMs: number, holdTtlSeconds: number): number => nowMs + holdTtlSeconds * 1000;

/** The reservation ids of a user's holds (reservationId → deadline) whose deadline has passed. */
export const expiredHoldIds = (holds: Readonly<Record<string, number>>, nowMs: number): string[] =>
  Object.entries(holds)
    .filter(([, expiresAtMs]) => isHoldExpired(expiresAtMs, nowMs))
    .map(([reservationId]) => reservationId);

/** The seats a user holds or owns on one date (held + bought), and the deadline of each current hold. */
export interface SeatCounter {
  readonly count: number;
  /** reservationId → hold deadline (epoch ms). */
  readonly holds: Readonly<Record<string, number>>;
}

/** MAX_SEATS_PER_USER: the seats a user holds or owns on one date, with the ones asked for, stay within the limit. */
export const passesSeatLimit = (heldOrOwned: number, asked: number, maxSeatsPerUser: number): boolean => heldOrOwned + asked > maxSeatsPerUser;

/**
 * The limit refuses for good: the user would pass it and has no expired hold of their own whose release would make
 * room (expired holds are released first, never counted against the user).
 */
export const isSeatLimitReached = (counter: SeatCounter | undefined, asked: number, maxSeatsPerUser: number, nowMs: number): boolean =>
  passesSeatLimit(counter?.count ?? 0, asked, maxSeatsPerUser) && expiredHoldIds(counter?.holds ?? {}, nowMs).length === 0;

/**
 * The largest number of seats one reservation may have, whatever MAX_SEATS_PER_USER says: a payment writes
 * one transaction of 9 items plus one per seat (a refund: 6 plus one per seat), and DynamoDB allows 100 items per transaction.
 */
export const maxSeatsPerReservation = 90;

