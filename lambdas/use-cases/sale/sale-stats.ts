import { ConcertNotFoundError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import { waitingCount } from '../../domain/queue';
import type { SaleStatus } from '../../domain/sale';
import { maxActiveOf, saleStatusOf } from '../../domain/sale';
import { SeatStatus, effectiveSeatStatus } from '../../domain/seat';
import type { ConcertRepository, SeatRepository } from '../concerts/ports';
import type { Clock } from '../ports';
import type { RoomStatusReader } from '../queue/ports';

export interface SaleStats {
  readonly concertId: string;
  readonly status: SaleStatus;
  readonly waiting: number;
  readonly active: number;
  readonly maxActive: number;
  readonly admittedLastMinute: number;
  /** Seats SOLD over every date. */
  readonly sold: number;
  /** Seats HELD by an unexpired hold. */
  readonly held: number;
  /** Σ price of the seats sold, in won. */
  readonly revenue: number;
}

/**
 * Operator view (`admin stats`): the room's counters, and the seats of every date read in full (one Query per
 * date: fine for an operator command, never on a fan's path).
 */
export const saleStats =
  (deps: {
    concerts: Pick<ConcertRepository, 'findConcertWithDates'>;
    seats: SeatRepository;
    rooms: RoomStatusReader;
    clock: Clock;
    policy: QueuePolicy;
  }) =>
  async (concertId: string): Promise<SaleStats> => {
    const found = await deps.concerts.findConcertWithDates(concertId);
    if (!found) throw new ConcertNotFoundError(concertId);
    const now = deps.clock.now();
    const [{ room }, seatsByDate, admittedLastMinute] = await Promise.all([
      deps.rooms.readRoomStatus(concertId),
      Promise.all(found.dates.map((date) => deps.seats.listSeats(concertId, date.date))),
      deps.rooms.countAdmittedLastMinute(concertId, now),
    ]);
    let sold = 0;
    let held = 0;
    let revenue = 0;
    for (const seat of seatsByDate.flat()) {
      const status = effectiveSeatStatus(seat, now);
      if (status === SeatStatus.sold) {
        sold += 1;
        revenue += seat.price;
      } else if (status === SeatStatus.held) held += 1;
    }
    return {
      concertId,
      status: saleStatusOf(found.concert, now),
      waiting: waitingCount(room),
      active: room.activeCount,
      maxActive: maxActiveOf(found.concert, deps.policy.maxActiveTokens),
      admittedLastMinute,
      sold,
      held,
      revenue,
    };
  };
