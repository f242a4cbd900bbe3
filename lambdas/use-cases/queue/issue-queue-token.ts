import { ConcertNotFoundError, TokenAlreadyIssuedError, UserNotFoundError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, activeDeadlineOf, canActivateAtOnce, deadlineOf, idleDeadlineOf, isLive, positionOf, signatureDeadlineOf, slotLimitAtIssue } from '../../domain/queue';
import { takesPreQueue } from '../../domain/pre-queue';
import { maxActiveOf } from '../../domain/sale';
import type { Clock, IdGenerator } from '../ports';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { BearerClaims, ClaimedPlace, PlaceDispenser, QueueTokenIssuer, QueueTokenSigner, RoomReader } from './ports';
import type { LiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

export interface IssuedQueueToken extends QueueTokenView {
  readonly jwt: string;
}

/** The view with its JWT, signed now and valid no longer than the token can live (signatureDeadlineOf). */
export const signedView = async (
  deps: { signer: QueueTokenSigner; policy: QueuePolicy },
  claims: BearerClaims,
  view: QueueTokenView,
  nowMs: number,
): Promise<IssuedQueueToken> => ({
  jwt: await deps.signer.sign(claims, { issuedAtMs: nowMs, expiresAtMs: signatureDeadlineOf(view, deps.policy) }),
  ...view,
});

/**
 * Issues the user's token for a concert's waiting room: before the sale's opening has been drawn, WAITING in the
 * pre-queue without a place. Otherwise the token first takes the next free place in line (each place exactly once,
 * even for simultaneous issues); it is then ACTIVE at once when the room has a free slot for it and for everyone
 * still ahead of it, otherwise WAITING at that place. One live token per user and concert (the lock item); a lock
 * left by a token that is already dead by the clock (not yet swept) is cleared first rather than refusing the user.
 * A place whose issue fails stays unused: positions behind it overcount by one, as for a waiter who left.
 */
export const issueQueueToken =
  (deps: {
    tokens: QueueTokenIssuer;
    rooms: RoomReader & PlaceDispenser;
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
    let claimed: ClaimedPlace | undefined;
    return retry(retryBudgets.queueIssue, async ({ last }) => {
      const snapshot = await deps.rooms.readIssueSnapshot(userId, concertId);
      if (!snapshot.userExists) throw new UserNotFoundError(userId);
      if (!snapshot.concertExists) throw new ConcertNotFoundError(concertId);
      const now = deps.clock.now();
      // A live token already held is refused before a place is taken for nothing.
      if (snapshot.lockHolderTokenId !== undefined) {
        await clearDeadHolder(snapshot.lockHolderTokenId, now);
        return tryAgain;
      }
      const base = { tokenId: deps.ids.newId(), userId, concertId, issuedAtMs: now, lastPolledAtMs: now };

      if (takesPreQueue(snapshot.sale, snapshot.draw)) {
        const token: LiveToken = { ...base, status: QueueTokenStatus.waiting, expiryKeyMs: idleDeadlineOf(base, deps.policy) };
        const outcome = await deps.tokens.issuePreQueue(token);
        if (outcome.kind === 'issued') {
          return signedView(deps, { userId, tokenId: token.tokenId, concertId }, viewOf(token, null, undefined, deps.policy), now);
        }
        if (outcome.kind === 'lockHeld') await clearDeadHolder(outcome.holderTokenId, now);
        return tryAgain;
      }
      // Taken after the read, so every waiter the counters count is ahead of this place; kept across rounds.
      claimed ??= await deps.rooms.claimPlace(concertId, snapshot.placeHint);
      const placed = { ...base, ticket: claimed.place, shard: claimed.shard };
      const admission = { maxActive: maxActiveOf(snapshot.sale, deps.policy.maxActiveTokens), paused: snapshot.sale.paused === true };
      // The last round always queues, so a room that keeps filling up under us cannot starve the request.
      const activate = canActivateAtOnce(snapshot.room, admission) && !last;
      const token: LiveToken = activate
        ? { ...placed, status: QueueTokenStatus.active, admittedAtMs: now, lastPosition: 0, expiryKeyMs: activeDeadlineOf(now, deps.policy) }
        : {
            ...placed,
            status: QueueTokenStatus.waiting,
            lastPosition: positionOf({ status: QueueTokenStatus.waiting, ticket: claimed.place }, snapshot.room.servedCount),
            expiryKeyMs: idleDeadlineOf(base, deps.policy),
          };
      const outcome = activate
        ? await deps.tokens.issueActive(token, slotLimitAtIssue(snapshot.room, admission.maxActive))
        : await deps.tokens.issueWaiting(token);
      if (outcome.kind === 'issued') {
        // A paused room's pace says nothing of when the operator resumes: no estimate (and no read for one).
        const pace = activate || admission.paused ? undefined : await deps.rooms.readPace(concertId);
        // The position comes from the snapshot, read before this request's place claim and writes (`now`).
        const view = viewOf(token, token.lastPosition ?? 0, pace, deps.policy, deps.clock.now() - now);
        return signedView(deps, { userId, tokenId: token.tokenId, concertId }, view, now);
      }
      if (outcome.kind === 'lockHeld') await clearDeadHolder(outcome.holderTokenId, now);
      // roomFull, or a dead holder's lock just cleared: read again and retry, at the same place.
      return tryAgain;
    });
  };
