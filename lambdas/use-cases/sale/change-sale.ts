import type { Concert } from '../../domain/concert';
import { ConcertNotFoundError, ValidationError } from '../../domain/errors';
import { isValidMaxActive, saleLimits } from '../../domain/sale';
import type { ConcertRepository } from '../concerts/ports';
import type { Clock } from '../ports';

export interface ChangeSaleCommand {
  readonly concertId: string;
  /** A new opening; only while the current one is still ahead. */
  readonly saleOpensAtMs?: number;
  readonly maxActive?: number;
  /** true: pause admission; false: resume it. */
  readonly paused?: boolean;
}

/**
 * Operator action (`admin sale`): moves the opening, resizes the room, pauses or resumes admission. Pausing stops
 * admission only: ACTIVE fans keep their slots, holds and payments, waiters keep their places. It only writes the
 * change: the server reacts to it (queue-token-events, from the table stream), filling the free slots after a resume
 * or a larger room and drawing an opening moved to now, with the server's own settings. Admitting here would use
 * the settings of whoever runs the command, and a room size or shard count other than the server's breaks the room.
 */
export const changeSale =
  (deps: { concerts: Pick<ConcertRepository, 'changeSale'>; clock: Clock }) =>
  async (command: ChangeSaleCommand): Promise<Concert> => {
    if (command.saleOpensAtMs === undefined && command.maxActive === undefined && command.paused === undefined) {
      throw new ValidationError('nothing to change: give --opens-at, --max-active, --pause or --resume');
    }
    if (command.maxActive !== undefined && !isValidMaxActive(command.maxActive)) {
      throw new ValidationError(`max-active must be an integer from 1 to ${saleLimits.maxActive}`);
    }
    if (command.saleOpensAtMs !== undefined && !Number.isSafeInteger(command.saleOpensAtMs)) {
      throw new ValidationError('opens-at must be an ISO-8601 time');
    }
    const changed = await deps.concerts.changeSale(command.concertId, {
      nowMs: deps.clock.now(),
      ...(command.saleOpensAtMs === undefined ? {} : { saleOpensAtMs: command.saleOpensAtMs }),
      ...(command.maxActive === undefined ? {} : { maxActive: command.maxActive }),
      ...(command.paused === undefined ? {} : { paused: command.paused }),
    });
    if (changed === 'notFound') throw new ConcertNotFoundError(command.concertId);
    if (changed === 'alreadyOpen') {
      throw new ValidationError('opens-at can only move an opening that is still ahead: this sale has already opened');
    }
    return changed;
  };
