import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, activeDeadlineOf, isIdle, waitingCount } from '../../domain/queue';
import { maxActiveOf } from '../../domain/sale';
import type { RoomCounterReader, SweeperTokenRepository, WaitingLine } from './ports';

export interface AdmissionReport {
  readonly admitted: number;
  /** Idle waiters found at the head of the line and dropped instead of admitted. */
  readonly expiredIdle: number;
}

/**
 * Fills a room's free slots (the concert's own room size) FIFO, unless the operator paused it: walks the line in ticket order, drops idle waiters on the way (so an abandoned
 * token never stalls the line) and admits the rest one transaction each, until the room is full. The room's
 * `activeCount < max` condition holds the limit even when two runs overlap.
 */
export const admitWaiting =
  (deps: { line: WaitingLine; rooms: RoomCounterReader; tokens: SweeperTokenRepository; policy: QueuePolicy }) =>
  async (concertId: string, now: number): Promise<AdmissionReport> => {
    const { room, sale } = await deps.rooms.readAdmissionSnapshot(concertId);
    const maxActive = maxActiveOf(sale, deps.policy.maxActiveTokens);
    let free = maxActive - room.activeCount;
    let admitted = 0;
    let expiredIdle = 0;
    // A paused or full room, or one nobody waits for (most rooms, most runs), needs no look at its line.
    if (sale.paused || free <= 0 || waitingCount(room) === 0) return { admitted, expiredIdle };
    for await (const token of deps.line.inOrder(concertId, free)) {
      // The index can lag behind the table: a token already admitted or gone is simply passed over.
      if (token.status !== QueueTokenStatus.waiting) continue;
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
