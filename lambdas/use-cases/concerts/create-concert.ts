import { isCalendarDate } from '../../domain/calendar';
import type { Concert, ConcertDate, SeatGrade } from '../../domain/concert';
import { concertLimits, gradesRule, lowestPrice, singleGrade } from '../../domain/concert';
import { ValidationError } from '../../domain/errors';
import { isValidMaxActive, saleLimits } from '../../domain/sale';
import type { IdGenerator } from '../ports';
import type { ConcertRepository } from './ports';

export interface CreateConcertCommand {
  readonly title: string;
  readonly venue: string;
  readonly dates: readonly string[];
  /** Required without grades; with grades it is optional and, when given, must equal the seats they cover. */
  readonly seatsPerDate?: number;
  /** One price for every seat (grade STANDARD); exactly one of `price` and `grades`. */
  readonly price?: number;
  readonly grades?: readonly SeatGrade[];
  /** When the waiting room opens (a pre-queue until then); absent: on sale at once. */
  readonly saleOpensAtMs?: number;
  /** ACTIVE tokens at once; absent: MAX_ACTIVE_TOKENS. */
  readonly maxActive?: number;
}

/** The seats of every date with their grades, from either one price or a list of grades. */
const seatGradesOf = (command: CreateConcertCommand): { totalSeats: number; grades: SeatGrade[] } => {
  if ((command.price === undefined) === (command.grades === undefined)) throw new ValidationError('give either a price or grades, not both');
  if (command.grades) {
    const rule = gradesRule(command.grades);
    if (rule) throw new ValidationError(rule);
    const grades = [...command.grades].sort((a, b) => a.firstSeatNo - b.firstSeatNo);
    const totalSeats = grades[grades.length - 1]!.lastSeatNo;
    if (command.seatsPerDate !== undefined && command.seatsPerDate !== totalSeats) {
      throw new ValidationError(`seats (${command.seatsPerDate}) must equal the seats the grades cover (${totalSeats})`);
    }
    return { totalSeats, grades };
  }
  const seats = command.seatsPerDate;
  if (seats === undefined || !Number.isInteger(seats) || seats < 1 || seats > concertLimits.maxSeatsPerDate) {
    throw new ValidationError(`seats must be an integer from 1 to ${concertLimits.maxSeatsPerDate}`);
  }
  const price = command.price!;
  if (!Number.isInteger(price) || price < 0 || price > concertLimits.maxPrice) {
    throw new ValidationError(`price must be an integer number of won from 0 to ${concertLimits.maxPrice}`);
  }
  return { totalSeats: seats, grades: singleGrade(price, seats) };
};

/** Operator action (admin CLI, demo seed): a concert, its dates, and every seat AVAILABLE at its grade's price. */
export const createConcert =
  (deps: { concerts: ConcertRepository; ids: IdGenerator }) =>
  async (command: CreateConcertCommand): Promise<{ concert: Concert; dates: ConcertDate[] }> => {
    if (!command.title.trim() || !command.venue.trim()) throw new ValidationError('title and venue are required');
    if (command.dates.length === 0 || !command.dates.every(isCalendarDate)) {
      throw new ValidationError('dates must be a non-empty list of YYYY-MM-DD dates');
    }
    const { totalSeats, grades } = seatGradesOf(command);
    if (command.maxActive !== undefined && !isValidMaxActive(command.maxActive)) {
      throw new ValidationError(`max-active must be an integer from 1 to ${saleLimits.maxActive}`);
    }
    if (command.saleOpensAtMs !== undefined && !Number.isSafeInteger(command.saleOpensAtMs)) {
      throw new ValidationError('sale-opens-at must be an ISO-8601 time');
    }
    const distinctDates = [...new Set(command.dates)].sort();
    const concert: Concert = {
      concertId: deps.ids.newId(),
      title: command.title.trim(),
      venue: command.venue.trim(),
      ...(command.saleOpensAtMs === undefined ? {} : { saleOpensAtMs: command.saleOpensAtMs }),
      ...(command.maxActive === undefined ? {} : { maxActive: command.maxActive }),
      lastDate: distinctDates[distinctDates.length - 1] as string,
    };
    const dates = distinctDates.map((date) => ({
      concertId: concert.concertId,
      date,
      price: lowestPrice(grades),
      totalSeats,
      grades,
    }));
    await deps.concerts.createConcert(concert, dates);
    return { concert, dates };
  };
