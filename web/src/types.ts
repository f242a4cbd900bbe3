/** Response shapes of API.md v2. Fields added in v2 are optional: the page also runs against a v1 server. */

export type SaleStatus = 'UPCOMING' | 'ON_SALE' | 'PAUSED' | 'ENDED';

export interface Concert {
  readonly concertId: string;
  readonly title: string;
  readonly venue: string;
  readonly saleOpensAt?: string | null;
  readonly status?: SaleStatus;
}

export interface Grade {
  readonly grade: string;
  readonly price: number;
  readonly availableSeats: number;
}

export interface ConcertDate {
  readonly date: string;
  readonly price: number;
  readonly totalSeats: number;
  readonly availableSeats: number;
  readonly grades?: readonly Grade[];
}

export type QueueStatus = 'WAITING' | 'ACTIVE';

export interface QueueState {
  readonly status: QueueStatus;
  readonly position: number | null;
  readonly estimatedWaitSeconds?: number | null;
  readonly pollAfterSeconds?: number;
  readonly expiresAt: string;
}

export interface IssuedToken extends QueueState {
  readonly token: string;
}

export interface RoomView {
  readonly concertId: string;
  readonly status?: SaleStatus;
  readonly saleOpensAt?: string | null;
  readonly waiting: number;
  readonly active: number;
  readonly maxActive: number;
  readonly admittedLastMinute?: number;
}

export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';

export interface Seat {
  readonly seatNo: number;
  readonly status: SeatStatus;
  readonly price: number;
  readonly grade?: string;
}

export interface SeatMap {
  readonly concertId: string;
  readonly date: string;
  readonly soldOut: boolean;
  readonly seats: readonly Seat[];
}

export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED' | 'REFUNDED';

export interface Reservation {
  readonly reservationId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNos?: readonly number[];
  readonly seatNo?: number;
  readonly price: number;
  readonly status: ReservationStatus;
  readonly expiresAt: string;
}

export interface Payment {
  readonly paymentId: string;
  readonly reservationId: string;
  readonly amount: number;
  readonly balance: number;
  readonly status: 'CONFIRMED';
}

export interface LedgerEntry {
  readonly entryId: string;
  readonly kind: 'CHARGE' | 'PAYMENT' | 'REFUND';
  readonly amount: number;
  readonly balanceAfter: number;
  readonly at: string;
  readonly reservationId?: string;
}

export const seatsOf = (reservation: Pick<Reservation, 'seatNos' | 'seatNo'>): readonly number[] =>
  reservation.seatNos ?? (reservation.seatNo === undefined ? [] : [reservation.seatNo]);
