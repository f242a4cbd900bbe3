import { ConcertNotFoundError, ServiceUnavailableError, TokenAlreadyIssuedError, UserNotFoundError } from '../../domain/errors';
import type { QueuePolicy, QueueToken } from '../../domain/queue';
import { QueueTokenStatus, activeDeadlineOf, canActivateAtOnce, idleDeadlineOf, isLive, nextTicket, positionOf } from '../../domain/queue';
import type { Clock, IdGenerator } from '../ports';
import type { QueueTokenRepository, QueueTokenSigner, RoomReader } from './ports';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

export interface IssuedQueueToken extends QueueTokenView {
  readonly jwt: string;
}

/** Rounds of read-then-write before giving up: each lost round means the room or the lock changed under us. */
const maxRounds = 4;

/**
 * Issues the user's token for a concert's waiting room: ACTIVE at once when a slot is free and nobody waits,
 * otherwise WAITING with the next ticket. One live token per user and concert (the lock item); a lock left by a
 * token that is already dead by the clock (not yet swept) is cleared first rather than refusing the user.
 */
export const issueQueueToken =
  (deps: {
    tokens: QueueTokenRepository;
    rooms: RoomReader;
    signer: QueueTokenSigner;
    clock: Clock;
    ids: IdGenerator;
    policy: QueuePolicy;
  }) =>
  async (userId: string, concertId: string): Promise<IssuedQueueToken> => {
    for (let round = 1; round <= maxRounds; round += 1) {
      const snapshot = await deps.rooms.readIssueSnapshot(userId, concertId);
      if (!snapshot.userExists) throw new UserNotFoundError(userId);
      if (!snapshot.concertExists) throw new ConcertNotFoundError(concertId);
      const now = deps.clock.now();
      const base = { tokenId: deps.ids.newId(), userId, concertId, issuedAtMs: now, lastPolledAtMs: now };

      // The last round always queues, so a room that keeps filling up under us cannot starve the request.
      const activate = canActivateAtOnce(snapshot.room, deps.policy) && round < maxRounds;
      let token: QueueToken;
      if (activate) {
        token = { ...base, status: QueueTokenStatus.active, admittedAtMs: now, lastPosition: 0, expiryKeyMs: activeDeadlineOf(now, deps.policy) };
      } else {
        const ticket = nextTicket(snapshot.room);
        const position = positionOf({ status: QueueTokenStatus.waiting, ticket }, snapshot.room.servedCount);
        token = { ...base, status: QueueTokenStatus.waiting, ticket, lastPosition: position, expiryKeyMs: idleDeadlineOf(base, deps.policy) };
      }

      const outcome = activate ? await deps.tokens.issueActive(token, deps.policy.maxActiveTokens) : await deps.tokens.issueWaiting(token);
      if (outcome.kind === 'issued') {
        const live = token as QueueToken & { status: typeof QueueTokenStatus.active | typeof QueueTokenStatus.waiting };
        return {
          jwt: await deps.signer.sign({ userId, tokenId: token.tokenId, concertId }, now),
          ...viewOf(live, token.lastPosition ?? 0, deps.policy),
        };
      }
      if (outcome.kind === 'lockHeld') {
        const holder = await deps.tokens.findToken(outcome.holderTokenId);
        if (!holder || isLive(holder, now, deps.policy)) throw new TokenAlreadyIssuedError(userId, concertId);
        if (holder.status !== QueueTokenStatus.waiting && holder.status !== QueueTokenStatus.active) {
          throw new TokenAlreadyIssuedError(userId, concertId);
        }
        await deps.tokens.endToken(holder, QueueTokenStatus.expired, now);
      }
      // roomFull, or a dead holder's lock just cleared: read again and retry.
    }
    throw new ServiceUnavailableError('the waiting room kept changing while issuing a token');
  };
