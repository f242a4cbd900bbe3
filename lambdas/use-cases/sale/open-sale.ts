import { isOpeningDue, shuffled } from '../../domain/pre-queue';
import type { QueuePolicy } from '../../domain/queue';
import type { ConcertRepository } from '../concerts/ports';
import type { Clock, IdGenerator } from '../ports';
import type { PreQueueEntry, SaleDrawRepository } from './ports';

export interface OpeningReport {
  readonly outcome: 'opened' | 'alreadyOpen' | 'inProgress' | 'notDue';
  /** Pre-queue tokens given a place. */
  readonly placed: number;
  /** Listed by the index but no longer live (left, idle) when their turn came: their places count as gone. */
  readonly skipped: number;
  /** Claim to the room opened, ms. */
  readonly drawMs: number;
}

/** Places reserved per transaction: the lease is extended with each block. */
const blockSize = 100;
/** Token updates in flight at once. */
const concurrency = 25;
/** A draw that stops renewing its claim for this long (its function died) is taken over by the next trigger. */
const leaseMs = 60_000;

const inBatches = async <T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)))));
  }
  return results;
};

/**
 * The opening of a sale, exactly once however often it is triggered: claims the room, shuffles the pre-queue
 * (cryptographic randomness), gives places 1..n in that order a block at a time (admitting into the free slots
 * after each block; no other admission run admits until the draw has finished), marks the room opened, then admits
 * again. A second trigger during the draw sees the claim and leaves; one after it sees the room opened. A draw
 * whose function died is taken over once its lease lapses, with the tokens still in the pre-queue.
 * Arrivals during the draw stay in the pre-queue and take a place behind it on their next poll.
 */
export const openSale =
  (deps: {
    concerts: Pick<ConcertRepository, 'findConcert'>;
    draws: SaleDrawRepository;
    /** Fills the room's free slots (the admission use case); while the draw runs, only the draw's own runs admit. */
    admit: (concertId: string, bounds: { readonly byDraw: true }) => Promise<unknown>;
    clock: Clock;
    ids: IdGenerator;
    randomBelow: (n: number) => number;
    policy: QueuePolicy;
  }) =>
  async (concertId: string): Promise<OpeningReport> => {
    const started = deps.clock.now();
    const none = (outcome: OpeningReport['outcome']): OpeningReport => ({ outcome, placed: 0, skipped: 0, drawMs: 0 });
    const concert = await deps.concerts.findConcert(concertId);
    if (!concert || !isOpeningDue(concert, started)) return none('notDue');
    const drawId = deps.ids.newId();
    const claim = await deps.draws.claim(concertId, drawId, started, started + leaseMs);
    if (claim !== 'claimed') return none(claim);

    const order: PreQueueEntry[] = shuffled(await deps.draws.listPreQueue(concertId), deps.randomBelow);
    let placed = 0;
    let skipped = 0;
    for (let start = 0; start < order.length; start += blockSize) {
      const block = order.slice(start, start + blockSize);
      const now = deps.clock.now();
      // Places continue after those already handed out (none for a fresh room; a taken-over draw's earlier blocks).
      const places = await deps.draws.reservePlaces(concertId, block.length, drawId, now + leaseMs);
      if (!places) return none('inProgress');
      const idleCutoff = now - deps.policy.waitingTokenIdleSeconds * 1000;
      const results = await inBatches(block, concurrency, (entry, index) => deps.draws.assignPlace(concertId, entry, places[index] as number, idleCutoff));
      const lost = results.filter((assigned) => !assigned).length;
      if (lost > 0) await deps.draws.releasePlaces(concertId, lost);
      placed += block.length - lost;
      skipped += lost;
      // Places are final as soon as they are written: each block is admitted into the free slots while the rest are
      // drawn (nobody else admits until the draw has finished, so the line's head is always a written place).
      await deps.admit(concertId, { byDraw: true });
    }
    if (!(await deps.draws.finish(concertId, drawId, deps.clock.now()))) return none('inProgress');
    const drawMs = deps.clock.now() - started;
    await deps.admit(concertId, { byDraw: true });
    return { outcome: 'opened', placed, skipped, drawMs };
  };
