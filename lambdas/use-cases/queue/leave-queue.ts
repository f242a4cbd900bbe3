import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus } from '../../domain/queue';
import type { Clock } from '../ports';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { BearerClaims, QueueTokenRepository } from './ports';
import { resolveLiveToken } from './resolve-live-token';

/** Leaving the line, or giving up an ACTIVE slot: the token dies and its slot or place is freed in the same write. */
export const leaveQueue =
  (deps: { tokens: QueueTokenRepository; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<void> => {
    const resolve = resolveLiveToken(deps);
    await retry(retryBudgets.queueLeave, async () => {
      const token = await resolve(claims);
      if (await deps.tokens.endToken(token, QueueTokenStatus.left, deps.clock.now())) return undefined;
      // Admitted or polled meanwhile: read it again (a token that died meanwhile is refused by resolve).
      return tryAgain;
    });
  };
