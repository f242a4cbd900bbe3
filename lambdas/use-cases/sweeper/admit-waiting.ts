import type { QueuePolicy, QueueToken } from '../../domain/queue';
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
}

/** One room's admission run: the sweeper's, the stream's, an expiry's or a poll's. */
export type AdmitWaiting = (concertId: string, bounds?: AdmissionBounds) => Promise<AdmissionReport>;

/**
 * Fills a room's free slots (the concert's own room size) FIFO, unless the operator paused it: walks the line in
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
    let free = maxActive - room.activeCount;
    let admitted = 0;
    let expiredIdle = 0;
    const maxAdmissions = () => bounds.maxAdmissions?.() ?? Number.POSITIVE_INFINITY;
    const mayContinue = () => bounds.mayContinue?.() ?? true;
    // A paused or full room, or one nobody waits for (most rooms, most runs), needs no look at its line.
    if (sale.paused || free <= 0 || maxAdmissions() <= 0 || waitingCount(room) === 0) return { admitted, expiredIdle };
    const line = deps.line.inOrder(concertId, Math.min(free, maxAdmissions()))[Symbol.asyncIterator]();
    /** Waiters taken from the head of the line, in order, not yet admitted. */
    let taken: QueueToken[] = [];
    let lineEnded = false;
    for (;;) {
      const wanted = Math.min(free, maxAdmissions() - admitted, deps.tokens.maxAdmissionsPerWrite);
      if (wanted <= 0 || !mayContinue()) break;
      while (taken.length < wanted && !lineEnded) {
        const next = await line.next();
        if (next.done) {
          lineEnded = true;
          break;
        }
        const token = next.value;
        // The index can lag behind the table: a token already admitted or gone is simply passed over.
        if (token.status !== QueueTokenStatus.waiting) continue;
        const now = deps.clock.now();
        if (isIdle(token, now, deps.policy)) {
          if (!mayContinue()) break;
          if (await deps.tokens.endToken(token, QueueTokenStatus.expired, now)) expiredIdle += 1;
          continue;
        }
        taken.push(token);
      }
      const batch = taken.slice(0, wanted);
      if (batch.length === 0 || !mayContinue()) break;
      const now = deps.clock.now();
      const outcome = await deps.tokens.admitAll(concertId, batch, {
        nowMs: now,
        expiresAtMs: activeDeadlineOf(now, deps.policy),
        maxActiveTokens: maxActive,
      });
      if (outcome.kind === 'admitted') {
        admitted += batch.length;
        free -= batch.length;
        taken = taken.slice(batch.length);
        continue;
      }
      taken = taken.filter((token) => !outcome.changedTokenIds.has(token.tokenId));
      // Another run took slots meanwhile: the room's own count says how many are left.
      if (outcome.roomFull) free = maxActive - (await deps.rooms.readRoom(concertId)).activeCount;
    }
    return { admitted, expiredIdle };
  };
