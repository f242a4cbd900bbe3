import type { Concert } from '../../domain/concert';
import type { SaleStatus } from '../../domain/sale';
import { saleStatusOf } from '../../domain/sale';
import type { Clock } from '../ports';
import type { ConcertRepository } from './ports';

export interface ConcertOverview {
  readonly concert: Concert;
  /** Every date, past ones too, ascending. */
  readonly dates: readonly string[];
  readonly status: SaleStatus;
}

/**
 * Operator view (admin CLI `concerts`, the local server's start-up report): every concert with all its dates
 * and its sale status. One Query per concert: fine for an operator, never on a fan's path.
 */
export const concertOverview =
  (deps: { concerts: ConcertRepository; clock: Clock }) =>
  async (): Promise<ConcertOverview[]> => {
    const now = deps.clock.now();
    const concerts = await deps.concerts.listConcerts();
    const overviews = await Promise.all(
      concerts.map(async (concert) => {
        const dates = ((await deps.concerts.findConcertWithDates(concert.concertId))?.dates ?? []).map(({ date }) => date).sort();
        return { concert, dates, status: saleStatusOf(concert, now) };
      }),
    );
    return overviews.sort((a, b) => (a.dates[0] ?? '').localeCompare(b.dates[0] ?? '') || a.concert.title.localeCompare(b.concert.title));
  };
