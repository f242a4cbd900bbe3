import type { Reservation } from '../../domain/reservation';
import { isHoldExpired, ReservationStatus } from '../../domain/reservation';
import type { Clock } from '../ports';
import type { EndHoldDeps } from './end-hold';
import { endHeldReservation } from './end-hold';

/** Resolves true when it released the hold, false when there was nothing (left) to release. */
export type ReleaseHold = (reservationId: string) => Promise<boolean>;

/**
 * Ends a hold that is still HELD and past its deadline: reservation EXPIRED, seat AVAILABLE (only if it is
 * still held by this reservation), the user's seat slot freed. Anything else (unknown id, not yet expired,
 * already released, paid, cancelled) is left alone, so running it twice, or concurrently, is harmless.
 * Called by the SQS consumer, the sweeper (expiry index) and lazily before a new hold.
 */
export const releaseHold =
  (deps: EndHoldDeps & { readonly clock: Clock }): ReleaseHold =>
  async (reservationId) => {
    const nowMs = deps.clock.now();
    const isDue = (reservation: Reservation | undefined): reservation is Reservation =>
      reservation !== undefined && reservation.status === ReservationStatus.held && isHoldExpired(reservation.expiresAtMs, nowMs);
    return endHeldReservation(deps, reservationId, ReservationStatus.expired, nowMs, isDue);
  };
