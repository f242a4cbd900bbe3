import { ServiceUnavailableError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus } from '../../domain/queue';
import type { Clock } from '../ports';
import type { BearerClaims, QueueTokenRepository } from './ports';
import { resolveLiveToken } from './resolve-live-token';

const maxRounds = 3;

/** Leaving the line, or giving up an ACTIVE slot: the token dies and its slot or place is freed in the same write. */
export const leaveQueue =
  (deps: { tokens: QueueTokenRepository; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<void> => {
    const resolve = resolveLiveToken(deps);
    for (let round = 1; round <= maxRounds; round += 1) {
      const token = await resolve(claims);
      if (await deps.tokens.endToken(token, QueueTokenStatus.left, deps.clock.now())) return;
      // Admitted or polled meanwhile: read it again (a token that died meanwhile is refused by resolve).
    }
    throw new ServiceUnavailableError('the queue token kept changing while leaving');
  };
