import type { Concert } from '../../domain/concert';
import type { SaleStatus } from '../../domain/sale';
import { saleStatusOf } from '../../domain/sale';
import type { Clock } from '../ports';
import type { ConcertRepository } from './ports';

export interface ConcertSummary extends Concert {
  readonly status: SaleStatus;
}

/** Every concert with its sale status now (one Query of the catalog). */
export const listConcerts = (deps: { concerts: Pick<ConcertRepository, 'listConcerts'>; clock: Clock }) => async (): Promise<ConcertSummary[]> => {
  const now = deps.clock.now();
  return (await deps.concerts.listConcerts()).map((concert) => ({ ...concert, status: saleStatusOf(concert, now) }));
};
