import type { QueuePolicy } from '../../domain/queue';
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
   * The most tokens the run admits, asked again before each admission: a run that several polls share reaches the
   * farthest of them.
   */
  readonly maxAdmissions?: () => number;
  /** Asked before each admission or idle expiry: false ends the run where it stands (a poll's deadline). */
  readonly mayContinue?: () => boolean;
}

/** One room's admission run: the sweeper's, the stream's, an expiry's or a poll's. */
export type AdmitWaiting = (concertId: string, bounds?: AdmissionBounds) => Promise<AdmissionReport>;

/**
 * Fills a room's free slots (the concert's own room size) FIFO, unless the operator paused it: walks the line in ticket order, drops idle waiters on the way (so an abandoned
 * token never stalls the line) and admits the rest one transaction each, until the room is full or `bounds` stop
 * it. The room's `activeCount < max` condition holds the limit even when two runs overlap. Each waiter is judged and
 * admitted at the clock's time when the run reaches it: a run writes one transaction per admission, so filling a
 * room takes seconds under load, and the run's start would backdate the later admissions (shortening their ACTIVE
 * lifetime and misdating them in the admission record the estimate reads).
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
    // A paused or full room, or one nobody waits for (most rooms, most runs), needs no look at its line.
    if (sale.paused || free <= 0 || maxAdmissions() <= 0 || waitingCount(room) === 0) return { admitted, expiredIdle };
    for await (const token of deps.line.inOrder(concertId, Math.min(free, maxAdmissions()))) {
      if (admitted >= maxAdmissions() || (bounds.mayContinue && !bounds.mayContinue())) break;
      // The index can lag behind the table: a token already admitted or gone is simply passed over.
      if (token.status !== QueueTokenStatus.waiting) continue;
      const now = deps.clock.now();
      if (isIdle(token, now, deps.policy)) {
        if (await deps.tokens.endToken(token, QueueTokenStatus.expired, now)) expiredIdle += 1;
        continue;
      }
      const outcome = await deps.tokens.admit(token, {
        nowMs: now,
        expiresAtMs: activeDeadlineOf(now, deps.policy),
        maxActiveTokens: maxActive,
      });
      if (outcome === 'roomFull') break;
      if (outcome === 'admitted') {
        admitted += 1;
        free -= 1;
        if (free === 0) break;
      }
    }
    return { admitted, expiredIdle };
  };
