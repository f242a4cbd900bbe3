import {
  ReservationExpiredError,
  ReservationNotFoundError,
  ReservationNotPayableError,
  TokenConcertMismatchError,
} from './errors';
import type { Reservation } from './reservation';
import { effectiveReservationStatus, ReservationStatus } from './reservation';

/** A seat bought with the balance: the proof of purchase kept under the user. */
export interface Payment {
  readonly paymentId: string;
  readonly userId: string;
  readonly reservationId: string;
  /** Integer won: the reservation's price. */
  readonly amount: number;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

/** Who pays: the holder of an ACTIVE queue token. */
export interface Payer {
  readonly userId: string;
  /** The concert whose waiting room issued the token. */
  readonly concertId: string;
}

/**
 * The reservation when `payer` may pay it at `nowMs`, otherwise the contract error: someone else's reservation
 * is indistinguishable from a missing one; a token of another concert's room cannot pay; a confirmed or
 * cancelled reservation is not payable; a hold past its deadline has expired even if nothing released it yet.
 */
export const payableReservation = (
  reservationId: string,
  reservation: Reservation | undefined,
  payer: Payer,
  nowMs: number,
): Reservation => {
  if (!reservation || reservation.userId !== payer.userId) throw new ReservationNotFoundError(reservationId);
  if (reservation.concertId !== payer.concertId) throw new TokenConcertMismatchError(payer.concertId, reservation.concertId);
  const status = effectiveReservationStatus(reservation, nowMs);
  if (status === ReservationStatus.expired) throw new ReservationExpiredError(reservationId);
  if (status !== ReservationStatus.held) throw new ReservationNotPayableError(reservationId, status);
  return reservation;
};
