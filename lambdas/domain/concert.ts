import type { SaleSettings } from './sale';

/** A concert and its sale settings (opening, room size, pause, last date). */
export interface Concert extends SaleSettings {
  readonly concertId: string;
  readonly title: string;
  readonly venue: string;
}

export interface ConcertDate {
  readonly concertId: string;
  readonly date: string;
  /** Integer won per seat. */
  readonly price: number;
  readonly totalSeats: number;
}

export const concertLimits = { maxSeatsPerDate: 1000, maxPrice: 100_000_000 } as const;
