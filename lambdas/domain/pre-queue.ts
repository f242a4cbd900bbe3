import type { QueueToken } from './queue';
import { QueueTokenStatus } from './queue';
import type { SaleSettings } from './sale';

/**
 * The pre-queue (docs/data-model.md, "Sale opening and the pre-queue"). Pure: randomness and times are passed in.
 *
 * Until a room with an opening has been drawn, every arrival waits without a place. The draw, at the opening,
 * gives every live pre-queue token a place in a uniformly random order, ahead of anyone placed after it.
 */

/** What the room item says about the draw: `openedAtMs` once it finished. */
export interface DrawState {
  readonly openedAtMs?: number;
}

/** Arrivals wait without a place while the room has an opening that has not been drawn yet. */
export const takesPreQueue = (sale: Pick<SaleSettings, 'saleOpensAtMs'>, draw: DrawState): boolean =>
  sale.saleOpensAtMs !== undefined && draw.openedAtMs === undefined;

/**
 * A room with an opening whose draw has not finished. Its places are the draw's to give: nobody has one before the
 * draw, and only the draw admits while it writes them (any other run could take a later place before an earlier one).
 */
export const awaitsDraw = (sale: Pick<SaleSettings, 'saleOpensAtMs' | 'openedAtMs'>): boolean =>
  sale.saleOpensAtMs !== undefined && sale.openedAtMs === undefined;

/** An opening whose draw has not finished, due by `untilMs`. */
export const isOpeningPending = (sale: Pick<SaleSettings, 'saleOpensAtMs' | 'openedAtMs'>, untilMs: number): boolean =>
  awaitsDraw(sale) && (sale.saleOpensAtMs as number) <= untilMs;

/** The draw may run once the opening has come. */
export const isOpeningDue = (sale: Pick<SaleSettings, 'saleOpensAtMs'>, nowMs: number): boolean =>
  sale.saleOpensAtMs !== undefined && sale.saleOpensAtMs <= nowMs;

/** A WAITING token without a place: it waits for the draw (or, arrived during it, for a place behind it). */
export const isInPreQueue = (token: Pick<QueueToken, 'status' | 'ticket'>): boolean =>
  token.status === QueueTokenStatus.waiting && token.ticket === undefined;

/**
 * Fisher–Yates: every order equally likely when `randomBelow(n)` is uniform on 0..n−1 (the adapter passes
 * node:crypto's randomInt, so nobody can predict or influence the order).
 */
export const shuffled = <T>(items: readonly T[], randomBelow: (n: number) => number): T[] => {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = randomBelow(i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
};
