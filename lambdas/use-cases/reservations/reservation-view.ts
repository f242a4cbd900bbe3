import type { Reservation, ReservationStatus } from '../../domain/reservation';
import { effectiveReservationStatus } from '../../domain/reservation';

/** A reservation as its owner sees it (the contract's reservation body). */
export interface ReservationView {
  readonly reservationId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNo: number;
  readonly price: number;
  readonly status: ReservationStatus;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
}

export const toReservationView = (reservation: Reservation, nowMs: number): ReservationView => ({
  reservationId: reservation.reservationId,
  concertId: reservation.concertId,
  date: reservation.date,
  seatNo: reservation.seatNo,
  price: reservation.price,
  status: effectiveReservationStatus(reservation, nowMs),
  expiresAt: new Date(reservation.expiresAtMs).toISOString(),
});
