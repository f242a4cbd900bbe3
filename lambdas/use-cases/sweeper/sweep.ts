import { isOpeningPending } from '../../domain/pre-queue';
import type { QueuePolicy } from '../../domain/queue';
import type { Clock } from '../ports';
import type { ReleaseHold } from '../reservations/release-hold';
import { admitWaiting } from './admit-waiting';
import { expireDueItems } from './expire-due';
import type { ConcertLister, ExpiryIndex, RoomCounterReader, SweeperTokenRepository, WaitingLine } from './ports';

export interface SweepReport {
  readonly expiredTokens: number;
  readonly movedExpiryKeys: number;
  readonly releasedHolds: number;
  readonly admitted: number;
  /** Errors of single items or rooms; the rest of the sweep went on, and the next run retries them. */
  readonly failures: readonly unknown[];
}

export interface SweepDeps {
  readonly expiry: ExpiryIndex;
  readonly line: WaitingLine;
  readonly rooms: RoomCounterReader;
  readonly tokens: SweeperTokenRepository;
  readonly concerts: ConcertLister;
  readonly releaseHold: ReleaseHold;
  /** Draws an overdue opening (the sale opener missed it): the safety net. */
  readonly openSale: (concertId: string) => Promise<unknown>;
  readonly clock: Clock;
  readonly policy: QueuePolicy;
}

/**
 * One scheduled run: first everything past its deadline (which frees slots), then any sale opening the opener
 * missed, then admission into every room's free slots. Safe to run twice at once: every write is conditioned on the state it was decided from.
 */
export const sweep = (deps: SweepDeps) => {
  const expire = expireDueItems(deps);
  const admit = admitWaiting(deps);
  return async (): Promise<SweepReport> => {
    const expiry = await expire(deps.clock.now());
    const concerts = await deps.concerts.listConcerts();
    const overdue = concerts.filter((concert) => isOpeningPending(concert, deps.clock.now()));
    const openings = await Promise.allSettled(overdue.map((concert) => deps.openSale(concert.concertId)));
    const admissions = await Promise.allSettled(concerts.map((concert) => admit(concert.concertId)));
    let admitted = 0;
    let expiredIdle = 0;
    const failures = [...expiry.failures, ...openings.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown)];
    for (const result of admissions) {
      if (result.status === 'rejected') failures.push(result.reason);
      else {
        admitted += result.value.admitted;
        expiredIdle += result.value.expiredIdle;
      }
    }
    return {
      expiredTokens: expiry.expiredTokens + expiredIdle,
      movedExpiryKeys: expiry.movedExpiryKeys,
      releasedHolds: expiry.releasedHolds,
      admitted,
      failures,
    };
  };
};
