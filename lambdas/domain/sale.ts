import { isOpenForBooking } from './calendar';

/**
 * A concert's sale as the operator sets it (docs/data-model.md, "Sale and pre-queue"). Pure: times are epoch
 * milliseconds passed in, never read here.
 */
export const SaleStatus = {
  upcoming: 'UPCOMING',
  onSale: 'ON_SALE',
  paused: 'PAUSED',
  ended: 'ENDED',
} as const;
export type SaleStatus = (typeof SaleStatus)[keyof typeof SaleStatus];

export interface SaleSettings {
  /** When the room opens; undefined: on sale since creation (no pre-queue). */
  readonly saleOpensAtMs?: number;
  /** ACTIVE tokens allowed at once; undefined: the deployment's MAX_ACTIVE_TOKENS. */
  readonly maxActive?: number;
  /** Admission stopped by the operator. */
  readonly paused?: boolean;
  /** The concert's last date (YYYY-MM-DD): once it has passed, nothing is open for booking. */
  readonly lastDate?: string;
  /** When the opening's draw finished (copied from the room, so the catalog shows which openings are still to run). */
  readonly openedAtMs?: number;
}

export const saleLimits = { maxActive: 100_000 } as const;

/** Ended beats everything; before the opening a room is UPCOMING even if paused (a countdown is more useful). */
export const saleStatusOf = (sale: SaleSettings, nowMs: number): SaleStatus => {
  if (sale.lastDate !== undefined && !isOpenForBooking(sale.lastDate, nowMs)) return SaleStatus.ended;
  if (sale.saleOpensAtMs !== undefined && nowMs < sale.saleOpensAtMs) return SaleStatus.upcoming;
  if (sale.paused) return SaleStatus.paused;
  return SaleStatus.onSale;
};

/** The room's size: set per concert by the operator, else the deployment default. */
export const maxActiveOf = (sale: SaleSettings, defaultMaxActive: number): number => sale.maxActive ?? defaultMaxActive;

/** Admission (at issue or from the line) is allowed only while the sale runs and is not paused. */
export const admitsNow = (sale: SaleSettings): boolean => !sale.paused;

export const isValidMaxActive = (value: number): boolean => Number.isInteger(value) && value >= 1 && value <= saleLimits.maxActive;
