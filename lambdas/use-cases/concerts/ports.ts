import type { Concert, ConcertDate } from '../../domain/concert';
import type { Seat } from '../../domain/seat';

export interface ConcertRepository {
  listConcerts(): Promise<Concert[]>;
  /** The concert and its dates in one read, or undefined when there is no such concert. */
  findConcertWithDates(concertId: string): Promise<{ concert: Concert; dates: ConcertDate[] } | undefined>;
  createConcert(concert: Concert, dates: readonly ConcertDate[]): Promise<void>;
  /** Strongly consistent. */
  findConcert(concertId: string): Promise<Concert | undefined>;
  /**
   * Applies an operator's change and returns the concert as it now stands. A new opening is refused
   * ('alreadyOpen') unless the stored one is still ahead of `nowMs`.
   */
  changeSale(concertId: string, change: SaleChange): Promise<Concert | 'notFound' | 'alreadyOpen'>;
}

/** What `admin sale` changes; absent fields stay as they are. */
export interface SaleChange {
  readonly nowMs: number;
  readonly saleOpensAtMs?: number;
  readonly maxActive?: number;
  readonly paused?: boolean;
}

export interface SeatRepository {
  /** Every seat of a date, ascending by seat number; empty when the date has no seats. */
  listSeats(concertId: string, date: string): Promise<Seat[]>;
}
