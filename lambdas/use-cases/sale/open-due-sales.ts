import type { Concert } from '../../domain/concert';
import { isOpeningPending } from '../../domain/pre-queue';
import type { Clock } from '../ports';
import type { OpeningReport } from './open-sale';

/**
 * Runs every opening due within `lookaheadMs`, each at its time: a run of this (every minute on AWS, every second
 * locally) waits for the openings of the coming period and draws them on the dot. Openings already past (a run
 * was missed) are drawn at once. Two runs overlapping are harmless: the draw happens once.
 */
export const openDueSales =
  (deps: {
    concerts: { listConcerts(): Promise<Concert[]> };
    open: (concertId: string) => Promise<OpeningReport>;
    clock: Clock;
    sleep: (ms: number) => Promise<void>;
    lookaheadMs: number;
  }) =>
  async (): Promise<PromiseSettledResult<OpeningReport & { concertId: string }>[]> => {
    const due = (await deps.concerts.listConcerts()).filter((concert) => isOpeningPending(concert, deps.clock.now() + deps.lookaheadMs));
    return Promise.allSettled(
      due.map(async (concert) => {
        const wait = (concert.saleOpensAtMs as number) - deps.clock.now();
        if (wait > 0) await deps.sleep(wait);
        return { concertId: concert.concertId, ...(await deps.open(concert.concertId)) };
      }),
    );
  };
