import { ServiceUnavailableError } from '../../domain/errors';
import { isInPreQueue } from '../../domain/pre-queue';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, idleDeadlineOf, positionOf, shouldMoveExpiryKey } from '../../domain/queue';
import type { Clock } from '../ports';
import type { BearerClaims, QueueTokenRepository, RoomReader } from './ports';
import type { LiveToken } from './resolve-live-token';
import { resolveLiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

const maxRounds = 3;

/**
 * The caller's token as it stands. Polling keeps a WAITING token alive: it records `lastPolledAt` and the reported
 * position (which therefore never increases), and moves the expiry-index key only when it is due soon. A pre-queue
 * token has no position until the draw; one that arrived while the draw ran takes the next place on its poll.
 */
export const getMyQueueToken =
  (deps: { tokens: QueueTokenRepository; rooms: RoomReader; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<QueueTokenView> => {
    const resolve = resolveLiveToken(deps);
    const expiryKeyFor = (token: LiveToken, now: number) =>
      shouldMoveExpiryKey(token, now, deps.policy) ? { expiryKeyMs: idleDeadlineOf({ lastPolledAtMs: now }, deps.policy) } : {};
    for (let round = 1; round <= maxRounds; round += 1) {
      const token = await resolve(claims);
      if (token.status === QueueTokenStatus.active) return viewOf(token, 0, deps.policy);
      const now = deps.clock.now();
      if (isInPreQueue(token)) {
        const draw = await deps.rooms.readDrawState(token.concertId);
        if (draw.openedAtMs === undefined) {
          if (await deps.tokens.recordPreQueuePoll(token, { nowMs: now, ...expiryKeyFor(token, now) })) {
            return viewOf({ ...token, lastPolledAtMs: now }, null, deps.policy);
          }
        } else {
          // Missed by the draw (arrived while it ran): the next place, behind everyone it placed.
          await deps.tokens.placeLate(token, (await deps.rooms.readIssued(token.concertId)) + 1);
        }
        continue;
      }
      const position = positionOf(token, await deps.rooms.readServedCount(token.concertId));
      const recorded = await deps.tokens.recordPoll(token, { nowMs: now, position, ...expiryKeyFor(token, now) });
      if (recorded) return viewOf({ ...token, lastPolledAtMs: now, lastPosition: position }, position, deps.policy);
      // Admitted, ended, placed, or polled concurrently with a lower position: read the token again.
    }
    throw new ServiceUnavailableError('the queue token kept changing while being polled');
  };
