import { isHoldExpired } from './reservation';

export const SeatStatus = { available: 'AVAILABLE', held: 'HELD', sold: 'SOLD' } as const;
export type SeatStatus = (typeof SeatStatus)[keyof typeof SeatStatus];

export interface Seat {
  readonly concertId: string;
  readonly date: string;
  readonly seatNo: number;
  /** Integer won: the price of the seat's grade. */
  readonly price: number;
  readonly grade: string;
  readonly status: SeatStatus;
  /** The hold currently on the seat, when status is HELD (or SOLD: the hold that was paid). */
  readonly reservationId?: string;
  readonly holdExpiresAtMs?: number;
}

/**
 * What a fan sees: a hold past its expiry is AVAILABLE at once, whether or not anything has
 * released it yet. This is what keeps expiry correct with every background job down.
 */
export const effectiveSeatStatus = (seat: Pick<Seat, 'status' | 'holdExpiresAtMs'>, nowMs: number): SeatStatus =>
  seat.status === SeatStatus.held && isHoldExpired(seat.holdExpiresAtMs ?? 0, nowMs) ? SeatStatus.available : seat.status;

export const countAvailable = (seats: readonly Pick<Seat, 'status' | 'holdExpiresAtMs'>[], nowMs: number): number =>
  seats.filter((seat) => effectiveSeatStatus(seat, nowMs) === SeatStatus.available).length;
