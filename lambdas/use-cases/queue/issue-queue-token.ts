import { ConcertNotFoundError, ServiceUnavailableError, TokenAlreadyIssuedError, UserNotFoundError } from '../../domain/errors';
import type { QueuePolicy, QueueToken, RoomCounters } from '../../domain/queue';
import { QueueTokenStatus, activeDeadlineOf, canActivateAtOnce, deadlineOf, idleDeadlineOf, isLive, nextTicket, positionOf } from '../../domain/queue';
import { takesPreQueue } from '../../domain/pre-queue';
import { maxActiveOf } from '../../domain/sale';
import type { Clock, IdGenerator } from '../ports';
import type { QueueTokenRepository, QueueTokenSigner, RoomReader } from './ports';
import type { LiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

export interface IssuedQueueToken extends QueueTokenView {
  readonly jwt: string;
}

/** A WAITING token with the next ticket; its position is reported from the same read. */
const waitingToken = (base: Omit<QueueToken, 'status'>, room: RoomCounters, policy: QueuePolicy): LiveToken => {
  const ticket = nextTicket(room);
  return {
    ...base,
    status: QueueTokenStatus.waiting,
    ticket,
    lastPosition: positionOf({ status: QueueTokenStatus.waiting, ticket }, room.servedCount),
    expiryKeyMs: idleDeadlineOf(base, policy),
  };
};

/** Rounds of read-then-write before giving up: each lost round means the room or the lock changed under us. */
const maxRounds = 4;

/**
 * Issues the user's token for a concert's waiting room: before the sale's opening has been drawn, WAITING in the
 * pre-queue without a place; then ACTIVE at once when a slot is free and nobody waits, otherwise WAITING with the
 * next ticket. One live token per user and concert (the lock item); a lock left by a
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
    const clearDeadHolder = async (holderTokenId: string, now: number): Promise<void> => {
      const holder = await deps.tokens.findToken(holderTokenId);
      // Only a holder that is WAITING/ACTIVE in the table but dead by the clock is cleared here.
      if (!holder || isLive(holder, now, deps.policy) || deadlineOf(holder, deps.policy) === undefined) {
        throw new TokenAlreadyIssuedError(userId, concertId);
      }
      await deps.tokens.endToken(holder, QueueTokenStatus.expired, now);
    };
    for (let round = 1; round <= maxRounds; round += 1) {
      const snapshot = await deps.rooms.readIssueSnapshot(userId, concertId);
      if (!snapshot.userExists) throw new UserNotFoundError(userId);
      if (!snapshot.concertExists) throw new ConcertNotFoundError(concertId);
      const now = deps.clock.now();
      const base = { tokenId: deps.ids.newId(), userId, concertId, issuedAtMs: now, lastPolledAtMs: now };

      if (takesPreQueue(snapshot.sale, snapshot.draw)) {
        const token: LiveToken = { ...base, status: QueueTokenStatus.waiting, expiryKeyMs: idleDeadlineOf(base, deps.policy) };
        const outcome = await deps.tokens.issuePreQueue(token);
        if (outcome.kind === 'issued') {
          return { jwt: await deps.signer.sign({ userId, tokenId: token.tokenId, concertId }, now), ...viewOf(token, null, deps.policy) };
        }
        if (outcome.kind === 'lockHeld') await clearDeadHolder(outcome.holderTokenId, now);
        continue;
      }
      const maxActive = maxActiveOf(snapshot.sale, deps.policy.maxActiveTokens);
      // The last round always queues, so a room that keeps filling up under us cannot starve the request.
      const activate = canActivateAtOnce(snapshot.room, { maxActive, paused: snapshot.sale.paused === true }) && round < maxRounds;
      const token: LiveToken = activate
        ? { ...base, status: QueueTokenStatus.active, admittedAtMs: now, lastPosition: 0, expiryKeyMs: activeDeadlineOf(now, deps.policy) }
        : waitingToken(base, snapshot.room, deps.policy);

      const outcome = activate ? await deps.tokens.issueActive(token, maxActive) : await deps.tokens.issueWaiting(token);
      if (outcome.kind === 'issued') {
        return {
          jwt: await deps.signer.sign({ userId, tokenId: token.tokenId, concertId }, now),
          ...viewOf(token, token.lastPosition ?? 0, deps.policy),
        };
      }
      if (outcome.kind === 'lockHeld') await clearDeadHolder(outcome.holderTokenId, now);
      // roomFull, or a dead holder's lock just cleared: read again and retry.
    }
    throw new ServiceUnavailableError('the waiting room kept changing while issuing a token');
  };
