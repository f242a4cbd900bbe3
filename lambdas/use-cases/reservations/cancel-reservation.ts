import { ReservationNotCancellableError, ReservationNotFoundError } from '../../domain/errors';
import type { Reservation } from '../../domain/reservation';
import { effectiveReservationStatus, ReservationStatus } from '../../domain/reservation';
import type { Clock } from '../ports';
import type { EndHoldDeps } from './end-hold';
import { endHeldReservation } from './end-hold';

export interface CancelReservationCommand {
  readonly userId: string;
  readonly reservationId: string;
}

/** The owner gives a live hold back: reservation CANCELLED, seat AVAILABLE at once, seat slot freed. */
export const cancelReservation =
  (deps: EndHoldDeps & { readonly clock: Clock }) =>
  async (command: CancelReservationCommand): Promise<void> => {
    const nowMs = deps.clock.now();
    const mayCancel = (reservation: Reservation | undefined): reservation is Reservation => {
      // Another user's reservation is indistinguishable from a missing one.
      if (!reservation || reservation.userId !== command.userId) throw new ReservationNotFoundError(command.reservationId);
      const status = effectiveReservationStatus(reservation, nowMs);
      if (status !== ReservationStatus.held) throw new ReservationNotCancellableError(command.reservationId, status);
      return true;
    };
    await endHeldReservation(deps, command.reservationId, ReservationStatus.cancelled, nowMs, mayCancel);
  };
