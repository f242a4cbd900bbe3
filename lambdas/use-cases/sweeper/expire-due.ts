import type { QueuePolicy, QueueToken } from '../../domain/queue';
import { QueueTokenStatus, idleDeadlineOf, isIdle, isLive } from '../../domain/queue';
import type { ReleaseHold } from '../reservations/release-hold';
import type { DueItem, ExpiryIndex, SweeperTokenRepository } from './ports';

export interface ExpiryReport {
  readonly expiredTokens: number;
  readonly movedExpiryKeys: number;
  readonly releasedHolds: number;
  readonly failures: readonly unknown[];
}


type Handled = 'expiredToken' | 'movedKey' | 'releasedHold' | 'skipped';

const handleToken = async (deps: { tokens: SweeperTokenRepository; policy: QueuePolicy }, token: QueueToken, now: number): Promise<Handled> => {
  if (token.status === QueueTokenStatus.active && !isLive(token, now, deps.policy)) {
    return (await deps.tokens.endToken(token, QueueTokenStatus.expired, now)) ? 'expiredToken' : 'skipped';
  }
  if (token.status !== QueueTokenStatus.waiting) return 'skipped';
  if (isIdle(token, now, deps.policy)) {
    return (await deps.tokens.endToken(token, QueueTokenStatus.expired, now)) ? 'expiredToken' : 'skipped';
  }
  // Polled since its key was set: polls write only lastPolledAt, so the key catches up here.
  return (await deps.tokens.moveExpiryKey(token, idleDeadlineOf(token, deps.policy))) ? 'movedKey' : 'skipped';
};

/**
 * Everything the expiry index says is due: ACTIVE tokens past their lifetime and idle WAITING tokens die (slot or
 * place freed, lock released), WAITING tokens polled since get their key moved forward, HELD reservations go to
 * `releaseHold`. Each write is conditioned, so an overlapping run or a concurrent poll makes it a no-op.
 */
export const expireDueItems =
  (deps: { expiry: ExpiryIndex; tokens: SweeperTokenRepository; releaseHold: ReleaseHold; policy: QueuePolicy }) =>
  async (now: number): Promise<ExpiryReport> => {
    const counts: Record<Handled, number> = { expiredToken: 0, movedKey: 0, releasedHold: 0, skipped: 0 };
    const failures: unknown[] = [];
    const handle = async (item: DueItem): Promise<Handled> => {
      if (item.entity === 'Reservation') return (await deps.releaseHold(item.reservationId)) ? 'releasedHold' : 'skipped';
      return handleToken(deps, item.token, now);
    };
    for await (const page of deps.expiry.dueItems(now)) {
      // One failing item (e.g. throttled) must not keep the rest of the page from expiring; the next run retries it.
      for (const result of await Promise.allSettled(page.map(handle))) {
        if (result.status === 'fulfilled') counts[result.value] += 1;
        else failures.push(result.reason);
      }
    }
    return { expiredTokens: counts.expiredToken, movedExpiryKeys: counts.movedKey, releasedHolds: counts.releasedHold, failures };
  };
