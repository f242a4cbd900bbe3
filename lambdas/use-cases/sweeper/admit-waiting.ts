import type { QueuePolicy, QueueToken } from '../../domain/queue';
import { awaitsDraw } from '../../domain/pre-queue';
import { QueueTokenStatus, activeDeadlineOf, isIdle, waitingCount } from '../../domain/queue';
import { maxActiveOf } from '../../domain/sale';
import type { Clock } from '../ports';
import type { RoomCounterReader, SweeperTokenRepository, WaitingLine } from './ports';

export interface AdmissionReport {
  readonly admitted: number;
  /** Idle waiters found at the head of the line and dropped instead of admitted. */
  readonly expiredIdle: number;
}

/** How far one run may go; a run without bounds fills every free slot. */
export interface AdmissionBounds {
  /**
   * The most tokens the run admits, asked again before each admission write: a run that several polls share reaches
   * the farthest of them.
   */
  readonly maxAdmissions?: () => number;
  /** Asked before each admission write or idle expiry: false ends the run where it stands (a poll's deadline). */
  readonly mayContinue?: () => boolean;
  /**
   * The run is the opening's own draw, admitting the places it has written so far. Any other run admits nobody until
   * the draw has finished: beside it, it could take a later place whose earlier ones are still being written.
   */
  readonly byDraw?: boolean;
}

/** One room's admission run: the sweeper's, the stream's, an expiry's or a poll's. */
export type AdmitWaiting = (concertId: string, bounds?: AdmissionBounds) => Promise<AdmissionReport>;

/**
 * Fills a room's free slots (the concert's own room size) FIFO, unless the operator paused it or its opening is being
 * drawn (then only the draw admits, as it writes places: see `byDraw`): walks the line in
 * ticket order, drops idle waiters on the way (so an abandoned token never stalls the line) and admits the waiters
 * it takes from the head in one write (several when more than one write holds), all stamped with that write's time.
 * One write per batch, not per waiter: the room item every admission touches is written once, so overlapping runs
 * (stream, polls, sweeper) contend on it far less and a room emptied by a burst of leaves refills at once.
 * A refused write is retried with what still fits: tokens another run admitted or that left are dropped (the line
 * moves on to the next waiters), and on a full room the room is read again and the batch cut to its free slots. The
 * room's condition holds the limit even when runs overlap. Each waiter is judged idle or not when the run reaches it.
 */
export const admitWaiting =
  (deps: { line: WaitingLine; rooms: RoomCounterReader; tokens: SweeperTokenRepository; clock: Clock; policy: QueuePolicy }): AdmitWaiting =>
  async (concertId, bounds = {}) => {
    const { room, sale } = await deps.rooms.readAdmissionSnapshot(concertId);
    const maxActive = maxActiveOf(sale, deps.policy.maxActiveTokens);
    // A paused room, or one nobody waits for (most rooms, most runs), has no slot to fill; nor, for anyone but the
    // draw, one whose opening is still to be drawn.
    const drawsPlaces = awaitsDraw(sale) && !bounds.byDraw;
    let free = sale.paused || drawsPlaces || waitingCount(room) === 0 ? 0 : maxActive - room.activeCount;
    let admitted = 0;
    let expiredIdle = 0;
    const maxAdmissions = () => bounds.maxAdmissions?.() ?? Infinity;
    const mayContinue = () => bounds.mayContinue?.() ?? true;
    // Not read until the loop takes a waiter from it: a run with nothing to admit never looks at the line.
    const line = deps.line.inOrder(concertId, Math.min(free, maxAdmissions()));
    /** Waiters taken from the head of the line, in order, not yet admitted. */
    let taken: QueueToken[] = [];
    for (;;) {
      const wanted = Math.min(free, maxAdmissions() - admitted, deps.tokens.maxPerWrite);
      // Top the batch up from the line; an ended line just answers `done` again.
      for (let next; wanted > taken.length && mayContinue() && !(next = await line.next()).done; ) {
        const token = next.value;
        const now = deps.clock.now();
        // The index can lag behind the table: a token already admitted or gone is simply passed over.
        if (token.status !== QueueTokenStatus.waiting) continue;
        if (!isIdle(token, now, deps.policy)) taken.push(token);
        else if (await deps.tokens.endToken(token, QueueTokenStatus.expired, now)) expiredIdle += 1;
      }
      const batch = taken.slice(0, Math.max(0, wanted));
      if (batch.length === 0 || !mayContinue()) break;
      const now = deps.clock.now();
      const refusal = await deps.tokens.admitAll(concertId, batch, { nowMs: now, expiresAtMs: activeDeadlineOf(now, deps.policy), maxActiveTokens: maxActive });
      if (!refusal) {
        admitted += batch.length;
        free -= batch.length;
        taken = taken.slice(batch.length);
      } else {
        taken = taken.filter((token) => !refusal.changed.has(token.tokenId));
        // Another run took slots meanwhile: the room's own count says how many are left.
        if (refusal.roomFull) free = maxActive - (await deps.rooms.readRoom(concertId)).activeCount;
      }
    }
    return { admitted, expiredIdle };
  };
