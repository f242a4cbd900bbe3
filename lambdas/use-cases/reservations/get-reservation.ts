import { ReservationNotFoundError } from '../../domain/errors';
import type { Clock } from '../ports';
import type { ReservationRepository } from './ports';
import type { ReservationView } from './reservation-view';
import { toReservationView } from './reservation-view';

export interface GetReservationQuery {
  readonly userId: string;
  readonly reservationId: string;
}

/** The caller's own reservation; a hold past its deadline reads EXPIRED whether or not it was released yet. */
export const getReservation =
  (deps: { readonly reservations: ReservationRepository; readonly clock: Clock }) =>
  async (query: GetReservationQuery): Promise<ReservationView> => {
    const reservation = await deps.reservations.findReservation(query.reservationId);
    if (!reservation || reservation.userId !== query.userId) throw new ReservationNotFoundError(query.reservationId);
    return toReservationView(reservation, deps.clock.now());
  };
