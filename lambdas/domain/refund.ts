import { ReservationNotFoundError, ReservationNotRefundableError } from './errors';
import type { Reservation } from './reservation';
import { ReservationStatus } from './reservation';

const hourMs = 3_600_000;

/** The last moment a reservation of `date` can be refunded: `cutoffHours` before the date starts (00:00 UTC). */
export const refundDeadlineMs = (date: string, cutoffHours: number): number => Date.parse(`${date}T00:00:00.000Z`) - cutoffHours * hourMs;

/**
 * The reservation when its owner may have it refunded at `nowMs`, otherwise the contract error: someone else's
 * reservation is indistinguishable from a missing one; only a CONFIRMED reservation is refundable, and only before
 * the deadline (at the deadline exactly it is too late).
 */
export const refundableReservation = (
  reservationId: string,
  reservation: Reservation | undefined,
  userId: string,
  nowMs: number,
  cutoffHours: number,
): Reservation => {
  if (!reservation || reservation.userId !== userId) throw new ReservationNotFoundError(reservationId);
  if (reservation.status !== ReservationStatus.confirmed) {
    throw new ReservationNotRefundableError(reservationId, `only a CONFIRMED reservation can be refunded, this one is ${reservation.status}`);
  }
  if (nowMs >= refundDeadlineMs(reservation.date, cutoffHours)) {
    throw new ReservationNotRefundableError(reservationId, `refunds close ${cutoffHours} hours before the date starts (00:00 UTC)`);
  }
  return reservation;
};
