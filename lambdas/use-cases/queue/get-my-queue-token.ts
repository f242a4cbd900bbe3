import { deadlineRules } from '../../domain/deadline';
import { ServiceUnavailableError } from '../../domain/errors';
import { isInPreQueue } from '../../domain/pre-queue';
import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, idleDeadlineOf, isWithinReach, positionOf, shouldMoveExpiryKey } from '../../domain/queue';
import { admitsNow, maxActiveOf } from '../../domain/sale';
import type { AdmitOnPoll } from '../admission/admit-on-poll';
import { currentDeadline } from '../invocation-deadline';
import type { Clock } from '../ports';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { BearerClaims, PlaceDispenser, QueueTokenRepository, RoomReader } from './ports';
import type { LiveToken } from './resolve-live-token';
import { resolveLiveToken } from './resolve-live-token';
import type { QueueTokenView } from './token-view';
import { viewOf } from './token-view';

/** What a poll still has to do after admitting someone: the token's re-read and its own poll write. */
const afterAdmissionMs = 2 * deadlineRules.minStorageCallMs;
/** One admission (a transaction), and the poll's own work after it, must fit before the answer is due. */
const admissionStepMs = deadlineRules.minStorageCallMs + afterAdmissionMs;
/** A run starts with the room's read and its line's head (a Query and a BatchGet) before its first admission. */
const admissionStartMs = 2 * deadlineRules.minStorageCallMs + admissionStepMs;
/** A poll is an answer first: it admits for at most this long, then tells the fan where it stands. */
const maxAdmissionOnPollMs = 2_000;

/**
 * The caller's token as it stands. Polling keeps a WAITING token alive: it records `lastPolledAt` and the reported
 * position (which therefore never increases), and moves the expiry-index key only when it is due soon. A pre-queue
 * token has no position until the draw; one that arrived while the draw ran takes the next place on its poll.
 *
 * A waiter within reach of a free slot (its position within the room's free slots, on the poll's cached view of the
 * room) is admitted by its own poll: the room's FIFO admission runs first (everyone ahead of it, then it), and the
 * poll answers ACTIVE at once instead of waiting for the stream or the sweeper to admit it and its next poll to tell
 * it. Far-away waiters (most polls) cost nothing more. The run stops in time for the poll's own answer; if it fails
 * (storage busy), the poll answers as if it had not run: the stream and the sweeper still admit.
 */
export const getMyQueueToken =
  (deps: { tokens: QueueTokenRepository; rooms: RoomReader & PlaceDispenser; admitOnPoll: AdmitOnPoll; clock: Clock; policy: QueuePolicy }) =>
  async (claims: BearerClaims): Promise<QueueTokenView> => {
    const resolve = resolveLiveToken(deps);
    const expiryKeyFor = (token: LiveToken, now: number) =>
      shouldMoveExpiryKey(token, now, deps.policy) ? { expiryKeyMs: idleDeadlineOf({ lastPolledAtMs: now }, deps.policy) } : {};
    const deadline = currentDeadline();
    let admissionTried = false;
    /** Runs the room's admission through this waiter; the token as it stands afterwards. */
    const admitThrough = async (token: LiveToken, position: number): Promise<LiveToken> => {
      admissionTried = true;
      const startedMs = Date.now();
      const mayContinue = () => deadline.allows(admissionStepMs, Date.now()) && Date.now() - startedMs < maxAdmissionOnPollMs;
      try {
        await deps.admitOnPoll(token.concertId, position, mayContinue);
      } catch (error) {
        if (!(error instanceof ServiceUnavailableError)) throw error;
      }
      return resolve(claims);
    };
    return retry(retryBudgets.queuePoll, async () => {
      let token = await resolve(claims);
      if (token.status === QueueTokenStatus.active) return viewOf(token, 0, undefined, deps.policy);
      let now = deps.clock.now();
      if (isInPreQueue(token)) {
        const { draw } = await deps.rooms.readRecentRoom(token.concertId);
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
      const [room, pace] = await Promise.all([deps.rooms.readRecentRoom(token.concertId), deps.rooms.readPace(token.concertId)]);
      let position = positionOf(token, room.servedCount);
      const admission = { maxActive: maxActiveOf(room.sale, deps.policy.maxActiveTokens), paused: !admitsNow(room.sale) };
      if (!admissionTried && isWithinReach(position, room, admission) && deadline.allows(admissionStartMs, Date.now())) {
        token = await admitThrough(token, position);
        if (token.status === QueueTokenStatus.active) return viewOf(token, 0, undefined, deps.policy);
        now = deps.clock.now();
        position = positionOf(token, room.servedCount);
      }
      const recorded = await deps.tokens.recordPoll(token, { nowMs: now, position, ...expiryKeyFor(token, now) });
      if (recorded) {
        // A paused room's pace says nothing of when the operator resumes: no estimate.
        const observed = admission.paused ? undefined : pace;
        return viewOf({ ...token, lastPolledAtMs: now, lastPosition: position }, position, observed, deps.policy, deps.clock.now() - room.readAtMs);
      }
      // Admitted, ended, placed, or polled concurrently with a lower position: read the token again.
      return tryAgain;
    });
  };
