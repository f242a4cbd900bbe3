import type { Concert } from '../../domain/concert';
import { ConcertNotFoundError, ValidationError } from '../../domain/errors';
import { isOpeningDue } from '../../domain/pre-queue';
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

/** Fills a room's free slots now (the admission use case), so a resume or a larger room takes effect at once. */
export type AdmitRoom = (concertId: string) => Promise<unknown>;

/** Draws a room's opening now (the open-sale use case). */
export type OpenRoom = (concertId: string) => Promise<unknown>;

/**
 * Operator action (`admin sale`): moves the opening, resizes the room, pauses or resumes admission. Pausing stops
 * admission only: ACTIVE fans keep their slots, holds and payments, waiters keep their places. A resume or a
 * larger room admits into the free slots before returning; an opening moved to now (or earlier) is drawn before
 * returning.
 */
export const changeSale =
  (deps: { concerts: Pick<ConcertRepository, 'changeSale'>; admit: AdmitRoom; open: OpenRoom; clock: Clock }) =>
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
    const now = deps.clock.now();
    const changed = await deps.concerts.changeSale(command.concertId, {
      nowMs: now,
      ...(command.saleOpensAtMs === undefined ? {} : { saleOpensAtMs: command.saleOpensAtMs }),
      ...(command.maxActive === undefined ? {} : { maxActive: command.maxActive }),
      ...(command.paused === undefined ? {} : { paused: command.paused }),
    });
    if (changed === 'notFound') throw new ConcertNotFoundError(command.concertId);
    if (changed === 'alreadyOpen') {
      throw new ValidationError('opens-at can only move an opening that is still ahead: this sale has already opened');
    }
    if (command.saleOpensAtMs !== undefined && isOpeningDue(changed, deps.clock.now())) {
      await deps.open(command.concertId);
      return { ...changed, openedAtMs: deps.clock.now() };
    }
    if (!changed.paused) await deps.admit(command.concertId);
    return changed;
  };
