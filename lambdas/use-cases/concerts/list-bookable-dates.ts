import { isOpenForBooking } from '../../domain/calendar';
import type { Seat } from '../../domain/seat';
import { countAvailable, effectiveSeatStatus, SeatStatus } from '../../domain/seat';
import type { ConcertDate } from '../../domain/concert';
import { ConcertNotFoundError } from '../../domain/errors';
import type { Clock } from '../ports';
import type { ConcertRepository, SeatRepository } from './ports';

export interface GradeAvailability {
  readonly grade: string;
  readonly price: number;
  readonly availableSeats: number;
}

export interface BookableDate {
  readonly date: string;
  /** The lowest grade's price. */
  readonly price: number;
  readonly totalSeats: number;
  readonly availableSeats: number;
  /** Ascending by price (then by seat range). */
  readonly grades: readonly GradeAvailability[];
}

/** Free seats per grade of one date; a seat counts for the grade stored on it. */
const gradeAvailability = (date: ConcertDate, seats: readonly Seat[], nowMs: number): GradeAvailability[] => {
  const available = new Map<string, number>();
  for (const seat of seats) {
    if (effectiveSeatStatus(seat, nowMs) === SeatStatus.available) available.set(seat.grade, (available.get(seat.grade) ?? 0) + 1);
  }
  return [...date.grades]
    .sort((a, b) => a.price - b.price || a.firstSeatNo - b.firstSeatNo)
    .map((grade) => ({ grade: grade.grade, price: grade.price, availableSeats: available.get(grade.grade) ?? 0 }));
};

/** Dates still open with at least one seat free, ascending. One Query for the dates, one per open date for seats. */
export const listBookableDates =
  (deps: { concerts: ConcertRepository; seats: SeatRepository; clock: Clock }) =>
  async (concertId: string): Promise<BookableDate[]> => {
    const found = await deps.concerts.findConcertWithDates(concertId);
    if (!found) throw new ConcertNotFoundError(concertId);
    const now = deps.clock.now();
    const open = found.dates.filter((date) => isOpenForBooking(date.date, now));
    const withAvailability = await Promise.all(
      open.map(async (date): Promise<BookableDate> => {
        const seats = await deps.seats.listSeats(concertId, date.date);
        return {
          date: date.date,
          price: date.price,
          totalSeats: date.totalSeats,
          availableSeats: countAvailable(seats, now),
          grades: gradeAvailability(date, seats, now),
        };
      }),
    );
    return withAvailability.filter((date) => date.availableSeats > 0).sort((a, b) => a.date.localeCompare(b.date));
  };
