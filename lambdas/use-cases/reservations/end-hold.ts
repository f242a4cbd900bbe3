import type { HoldEnding, Reservation } from '../../domain/reservation';
import { SeatStatus } from '../../domain/seat';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { ReservationRepository, SeatHoldRepository } from './ports';

export interface EndHoldDeps {
  readonly reservations: ReservationRepository;
  readonly holds: SeatHoldRepository;
}

/**
 * The one way a hold ends without a payment (release and cancel): read the reservation, let `mayEnd` decide
 * (return false to leave it alone, or throw), read its seats so that a seat that moved on (sold, re-held) is
 * left out of the transaction, then write. A condition that failed means the state moved: read again.
 * Resolves true when this call ended the hold, false when there was nothing to end.
 */
export const endHeldReservation = async (
  deps: EndHoldDeps,
  reservationId: string,
  ending: HoldEnding,
  nowMs: number,
  mayEnd: (reservation: Reservation | undefined) => reservation is Reservation,
): Promise<boolean> =>
  // Each retry follows a state change that someone else made in between.
  retry(retryBudgets.holdEnding, async () => {
    const reservation = await deps.reservations.findReservation(reservationId);
    if (!mayEnd(reservation)) return false;
    const seats = await deps.holds.findSeats(reservation.concertId, reservation.date, reservation.seatNos);
    const releaseSeatNos = seats.flatMap((seat) => (seat?.status === SeatStatus.held && seat.reservationId === reservationId ? [seat.seatNo] : []));
    return (await deps.holds.endHold({ reservation, ending, releaseSeatNos, nowMs })) === 'ended' ? true : tryAgain;
  });
