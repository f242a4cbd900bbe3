import { isInPreQueue } from '../../domain/pre-queue';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, idleDeadlineOf, positionOf, shouldMoveExpiryKey } from '../../domain/queue';
import type { Clock } from '../ports';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { BearerClaims, PlaceDispenser, QueueTokenRepository, RoomReader } from './ports';
import type { LiveToken } from './resolve-live-token';
import { resolveLiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

/**
 * The caller's token as it stands. Polling keeps a WAITING token alive: it records `lastPolledAt` and the reported
 * position (which therefore never increases), and moves the expiry-index key only when it is due soon. A pre-queue
 * token has no position until the draw; one that arrived while the draw ran takes the next place on its poll.
 */
export const getMyQueueToken =
  (deps: { tokens: QueueTokenRepository; rooms: RoomReader & PlaceDispenser; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<QueueTokenView> => {
    const resolve = resolveLiveToken(deps);
    const expiryKeyFor = (token: LiveToken, now: number) =>
      shouldMoveExpiryKey(token, now, deps.policy) ? { expiryKeyMs: idleDeadlineOf({ lastPolledAtMs: now }, deps.policy) } : {};
    return retry(retryBudgets.queuePoll, async () => {
      const token = await resolve(claims);
      if (token.status === QueueTokenStatus.active) return viewOf(token, 0, undefined, deps.policy);
      const now = deps.clock.now();
      if (isInPreQueue(token)) {
        const draw = await deps.rooms.readDrawState(token.concertId);
        if (draw.openedAtMs === undefined) {
          if (await deps.tokens.recordPreQueuePoll(token, { nowMs: now, ...expiryKeyFor(token, now) })) {
            return viewOf({ ...token, lastPolledAtMs: now }, null, undefined, deps.policy);
          }
        } else {
          // Missed by the draw (arrived while it ran): the next free place, behind everyone it placed.
          await deps.tokens.placeLate(token, (await deps.rooms.claimPlace(token.concertId)).place);
        }
        return tryAgain;
      }
      const [servedCount, pace] = await Promise.all([deps.rooms.readServedCount(token.concertId), deps.rooms.readPace(token.concertId)]);
      const position = positionOf(token, servedCount);
      const recorded = await deps.tokens.recordPoll(token, { nowMs: now, position, ...expiryKeyFor(token, now) });
      if (recorded) return viewOf({ ...token, lastPolledAtMs: now, lastPosition: position }, position, pace, deps.policy);
      // Admitted, ended, placed, or polled concurrently with a lower position: read the token again.
      return tryAgain;
    });
  };
