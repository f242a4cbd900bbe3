import { InvalidTokenError, TokenNotFoundError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import type { Clock } from '../ports';
import type { BearerClaims, LiveTokenLockReader, QueueTokenSigner } from './ports';
import type { IssuedQueueToken } from './issue-queue-token';
import { signedView } from './issue-queue-token';
import type { QueueTokenView } from './token-view';

/**
 * The user's live token of a concert, freshly signed: how a client whose `POST /queue/tokens` answer was lost, or
 * a second device, gets its place back. The user's lock names the token; reading it counts as a poll (the holder is
 * evidently there), so the view is the poll's and a WAITING token stays alive. A lock whose token is already dead
 * by the clock (not swept yet) is no live token: 404.
 */
export const recoverQueueToken =
  (deps: { locks: LiveTokenLockReader; poll: (claims: BearerClaims) => Promise<QueueTokenView>; signer: QueueTokenSigner; clock: Clock; policy: QueuePolicy }) =>
  async (userId: string, concertId: string): Promise<IssuedQueueToken> => {
    const tokenId = await deps.locks.findLockedTokenId(userId, concertId);
    if (!tokenId) throw new TokenNotFoundError(userId, concertId);
    const claims: BearerClaims = { userId, tokenId, concertId };
    let view: QueueTokenView;
    try {
      view = await deps.poll(claims);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new TokenNotFoundError(userId, concertId, { cause: error });
      throw error;
    }
    return signedView(deps, claims, view, deps.clock.now());
  };
