import type { Concert, ConcertDate } from '../../domain/concert';
import type { Seat } from '../../domain/seat';

export interface ConcertRepository {
  listConcerts(): Promise<Concert[]>;
  /** The concert and its dates in one read, or undefined when there is no such concert. */
  findConcertWithDates(concertId: string): Promise<{ concert: Concert; dates: ConcertDate[] } | undefined>;
  createConcert(concert: Concert, dates: readonly ConcertDate[]): Promise<void>;
}

export interface SeatRepository {
  /** Every seat of a date, ascending by seat number; empty when the date has no seats. */
  listSeats(concertId: string, date: string): Promise<Seat[]>;
}
