import { isOpenForBooking } from '../../domain/calendar';
import { countAvailable } from '../../domain/seat';
import { ConcertNotFoundError } from '../../domain/errors';
import type { Clock } from '../ports';
import type { ConcertRepository, SeatRepository } from './ports';

export interface BookableDate {
  readonly date: string;
  readonly price: number;
  readonly totalSeats: number;
  readonly availableSeats: number;
}

/** Dates still open with at least one seat free, ascending. One Query for the dates, one per open date for seats. */
export const listBookableDates =
  (deps: { concerts: ConcertRepository; seats: SeatRepository; clock: Clock }) =>
  async (concertId: string): Promise<BookableDate[]> => {
    const found = await deps.concerts.findConcertWithDates(concertId);
    if (!found) throw new ConcertNotFoundError(concertId);
    const now = deps.clock.now();
    const open = found.dates.filter((date) => isOpenForBooking(date.date, now));
    const withAvailability = await Promise.all(
      open.map(async (date) => ({
        date: date.date,
        price: date.price,
        totalSeats: date.totalSeats,
        availableSeats: countAvailable(await deps.seats.listSeats(concertId, date.date), now),
      })),
    );
    return withAvailability.filter((date) => date.availableSeats > 0).sort((a, b) => a.date.localeCompare(b.date));
  };
