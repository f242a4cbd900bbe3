import { ConcertNotFoundError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { waitingCount } from '../../domain/queue';
import type { RoomStatusReader } from './ports';

export interface QueueStatus {
  readonly concertId: string;
  readonly waiting: number;
  readonly active: number;
  readonly maxActive: number;
}

/** Public room summary from the counters alone (one batch read, no list). */
export const getQueueStatus =
  (deps: { rooms: RoomStatusReader; policy: QueuePolicy }) =>
  async (concertId: string): Promise<QueueStatus> => {
    const { concertExists, room } = await deps.rooms.readRoomStatus(concertId);
    if (!concertExists) throw new ConcertNotFoundError(concertId);
    return { concertId, waiting: waitingCount(room), active: room.activeCount, maxActive: deps.policy.maxActiveTokens };
  };
