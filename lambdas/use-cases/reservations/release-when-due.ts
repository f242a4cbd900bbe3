import type { Clock } from '../ports';
import type { HoldReleaseRequest, HoldReleaseScheduler } from './ports';
import type { ReleaseHold } from './release-hold';

/** `released`: the release ran (and released the hold, or found nothing left to release). */
export type ReleaseRequestOutcome = 'released' | 'redelayed';

/**
 * Handles one delayed release request. A request that arrives before its time (delivery delays are capped
 * at 15 minutes, and clocks differ slightly) is scheduled again for the rest of the wait, never dropped.
 */
export const releaseWhenDue =
  (deps: { readonly release: ReleaseHold; readonly releases: HoldReleaseScheduler; readonly clock: Clock }) =>
  async (request: HoldReleaseRequest): Promise<ReleaseRequestOutcome> => {
    if (deps.clock.now() < request.releaseAtMs) {
      await deps.releases.scheduleRelease(request);
      return 'redelayed';
    }
    await deps.release(request.reservationId);
    return 'released';
  };
