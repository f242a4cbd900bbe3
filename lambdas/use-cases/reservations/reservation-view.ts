import type { Reservation, ReservationStatus } from '../../domain/reservation';
import { effectiveReservationStatus } from '../../domain/reservation';

/** A reservation as its owner sees it (the contract's reservation body). */
export interface ReservationView {
  readonly reservationId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNos: readonly number[];
  /** The v1 field, present when exactly one seat is held. */
  readonly seatNo?: number;
  /** The total of the seats' prices. */
  readonly price: number;
  readonly status: ReservationStatus;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
}

export const toReservationView = (reservation: Reservation, nowMs: number): ReservationView => ({
  reservationId: reservation.reservationId,
  concertId: reservation.concertId,
  date: reservation.date,
  seatNos: [...reservation.seatNos],
  ...(reservation.seatNos.length === 1 ? { seatNo: reservation.seatNos[0] } : {}),
  price: reservation.price,
  status: effectiveReservationStatus(reservation, nowMs),
  expiresAt: new Date(reservation.expiresAtMs).toISOString(),
});
