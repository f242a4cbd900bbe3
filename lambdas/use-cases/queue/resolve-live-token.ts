import { InvalidTokenError, TokenConcertMismatchError, TokenNotActiveError } from '../../domain/errors';
import type { CredentialProblem } from '../../domain/credentials';
import type { LiveQueueTokenStatus, QueuePolicy, QueueToken } from '../../domain/queue';
import { QueueTokenStatus, isLive } from '../../domain/queue';
import type { Clock } from '../ports';
import type { BearerClaims, QueueTokenReader } from './ports';

export interface LiveTokenRequirement {
  /** The endpoint needs an ACTIVE token (seat map, holds, payments). */
  readonly active?: boolean;
  /** The concert the request is about; an ACTIVE token of another concert is refused. */
  readonly concertId?: string;
}

/** Why a token the table knows is dead: left and paid say so, anything else ran out of time. */
const deathProblemOf = (status: QueueTokenStatus): CredentialProblem => {
  if (status === QueueTokenStatus.left) return 'tokenLeft';
  if (status === QueueTokenStatus.paid) return 'tokenPaid';
  return 'tokenExpired';
};

export type LiveToken = QueueToken & { readonly status: LiveQueueTokenStatus };

/**
 * The token behind verified claims, as read, if it is live by the table and by the clock (a token past its
 * deadline is refused even when no background job has recorded its death yet) and meets `requirement`;
 * otherwise the contract's refusal. For callers that read the token together with other items.
 */
export const liveTokenOf = (
  claims: BearerClaims,
  token: QueueToken | undefined,
  requirement: LiveTokenRequirement,
  nowMs: number,
  policy: QueuePolicy,
): LiveToken => {
  if (!token || token.userId !== claims.userId || token.concertId !== claims.concertId) {
    throw new InvalidTokenError('unknownToken');
  }
  if (!isLive(token, nowMs, policy)) throw new InvalidTokenError(deathProblemOf(token.status));
  const live = token as LiveToken;
  if (requirement.active && live.status === QueueTokenStatus.waiting) throw new TokenNotActiveError(live.tokenId);
  if (requirement.concertId !== undefined && requirement.concertId !== live.concertId) {
    throw new TokenConcertMismatchError(live.concertId, requirement.concertId);
  }
  return live;
};

/** The token behind verified claims, read strongly consistent, if it is live and meets `requirement` (liveTokenOf). */
export const resolveLiveToken =
  (deps: { tokens: QueueTokenReader; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims, requirement: LiveTokenRequirement = {}): Promise<LiveToken> =>
    liveTokenOf(claims, await deps.tokens.findToken(claims.tokenId), requirement, deps.clock.now(), deps.policy);
