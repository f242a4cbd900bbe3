import { isCalendarDate } from '../../domain/calendar';
import type { Concert, ConcertDate } from '../../domain/concert';
import { concertLimits } from '../../domain/concert';
import { ValidationError } from '../../domain/errors';
import type { IdGenerator } from '../ports';
import type { ConcertRepository } from './ports';

export interface CreateConcertCommand {
  readonly title: string;
  readonly venue: string;
  readonly dates: readonly string[];
  readonly seatsPerDate: number;
  readonly price: number;
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
    const concert: Concert = { concertId: deps.ids.newId(), title: command.title.trim(), venue: command.venue.trim() };
    const dates = [...new Set(command.dates)].sort().map((date) => ({
      concertId: concert.concertId,
      date,
      price: command.price,
      totalSeats: command.seatsPerDate,
    }));
    await deps.concerts.createConcert(concert, dates);
    return { concert, dates };
  };
