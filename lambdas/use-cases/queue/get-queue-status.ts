import { ConcertNotFoundError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { waitingCount } from '../../domain/queue';
import type { SaleStatus } from '../../domain/sale';
import { maxActiveOf, saleStatusOf } from '../../domain/sale';
import type { Clock } from '../ports';
import type { RoomStatusReader } from './ports';

export interface QueueStatus {
  readonly concertId: string;
  readonly status: SaleStatus;
  /** undefined: on sale since creation. */
  readonly saleOpensAtMs: number | undefined;
  readonly waiting: number;
  readonly active: number;
  readonly maxActive: number;
  readonly admittedLastMinute: number;
}

/** Public room summary: the counters and the concert's sale settings (one batch read), the last minute's admissions (one Query). */
export const getQueueStatus =
  (deps: { rooms: RoomStatusReader; clock: Clock; policy: QueuePolicy }) =>
  async (concertId: string): Promise<QueueStatus> => {
    const now = deps.clock.now();
    const [{ concertExists, sale, room }, admittedLastMinute] = await Promise.all([
      deps.rooms.readRoomStatus(concertId),
      deps.rooms.countAdmittedLastMinute(concertId, now),
    ]);
    if (!concertExists) throw new ConcertNotFoundError(concertId);
    return {
      concertId,
      status: saleStatusOf(sale, now),
      saleOpensAtMs: sale.saleOpensAtMs,
      waiting: waitingCount(room),
      active: room.activeCount,
      maxActive: maxActiveOf(sale, deps.policy.maxActiveTokens),
      admittedLastMinute,
    };
  };
