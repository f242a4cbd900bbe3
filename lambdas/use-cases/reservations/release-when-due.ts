import type { Clock } from '../ports';
import type { HoldReleaseRequest, HoldReleaseScheduler } from './ports';
import type { ReleaseHold } from './release-hold';

/** `released`: this request ended the hold; `nothing-to-release`: it was already paid, cancelled or released. */
export type ReleaseRequestOutcome = 'released' | 'nothing-to-release' | 'redelayed';

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
    return (await deps.release(request.reservationId)) ? 'released' : 'nothing-to-release';
  };
