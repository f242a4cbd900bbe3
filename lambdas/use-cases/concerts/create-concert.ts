import { isCalendarDate } from '../../domain/calendar';
import type { Concert, ConcertDate } from '../../domain/concert';
import { concertLimits } from '../../domain/concert';
import { ValidationError } from '../../domain/errors';
import { isValidMaxActive, saleLimits } from '../../domain/sale';
import type { IdGenerator } from '../ports';
import type { ConcertRepository } from './ports';

export interface CreateConcertCommand {
  readonly title: string;
  readonly venue: string;
  readonly dates: readonly string[];
  readonly seatsPerDate: number;
  readonly price: number;
  /** When the waiting room opens (a pre-queue until then); absent: on sale at once. */
  readonly saleOpensAtMs?: number;
  /** ACTIVE tokens at once; absent: MAX_ACTIVE_TOKENS. */
  readonly maxActive?: number;
}

/** Operator action (admin CLI, demo seed): a concert, its dates, and every seat AVAILABLE. */
export const createConcert =
  (deps: { concerts: ConcertRepository; ids: IdGenerator }) =>
  async (command: CreateConcertCommand): Promise<{ concert: Concert; dates: ConcertDate[] }> => {
    if (!command.title.trim() || !command.venue.trim()) throw new ValidationError('title and venue are required');
    if (command.dates.length === 0 || !command.dates.every(isCalendarDate)) {
      throw new ValidationError('dates must be a non-empty list of YYYY-MM-DD dates');
    }
    if (!Number.isInteger(command.seatsPerDate) || command.seatsPerDate < 1 || command.seatsPerDate > concertLimits.maxSeatsPerDate) {
      throw new ValidationError(`seats must be an integer from 1 to ${concertLimits.maxSeatsPerDate}`);
    }
    if (!Number.isInteger(command.price) || command.price < 0 || command.price > concertLimits.maxPrice) {
      throw new ValidationError(`price must be an integer number of won from 0 to ${concertLimits.maxPrice}`);
    }
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
      price: command.price,
      totalSeats: command.seatsPerDate,
    }));
    await deps.concerts.createConcert(concert, dates);
    return { concert, dates };
  };
