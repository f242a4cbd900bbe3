import { ServiceUnavailableError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, idleDeadlineOf, positionOf, shouldMoveExpiryKey } from '../../domain/queue';
import type { Clock } from '../ports';
import type { BearerClaims, QueueTokenRepository, RoomReader } from './ports';
import { resolveLiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

const maxRounds = 3;

/**
 * The caller's token as it stands. Polling keeps a WAITING token alive: it records `lastPolledAt` and the reported
 * position (which therefore never increases), and moves the expiry-index key only when it is due soon.
 */
export const getMyQueueToken =
  (deps: { tokens: QueueTokenRepository; rooms: RoomReader; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<QueueTokenView> => {
    const resolve = resolveLiveToken(deps);
    for (let round = 1; round <= maxRounds; round += 1) {
      const token = await resolve(claims);
      if (token.status === QueueTokenStatus.active) return viewOf(token, 0, deps.policy);
      const now = deps.clock.now();
      const position = positionOf(token, await deps.rooms.readServedCount(token.concertId));
      const expiryKeyMs = shouldMoveExpiryKey(token, now, deps.policy) ? idleDeadlineOf({ lastPolledAtMs: now }, deps.policy) : undefined;
      const recorded = await deps.tokens.recordPoll(token, { nowMs: now, position, ...(expiryKeyMs === undefined ? {} : { expiryKeyMs }) });
      if (recorded) return viewOf({ ...token, lastPolledAtMs: now, lastPosition: position }, position, deps.policy);
      // Admitted, ended, or polled concurrently with a lower position: read the token again.
    }
    throw new ServiceUnavailableError('the queue token kept changing while being polled');
  };
