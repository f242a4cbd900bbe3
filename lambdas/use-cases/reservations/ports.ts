import type { HoldEnding, Reservation } from '../../domain/reservation';
import type { Seat } from '../../domain/seat';

/** The user's held and bought seats of one concert date (the MAX_SEATS_PER_USER counter). */
export interface UserDateSeats {
  /** Held + bought. */
  readonly count: number;
  /** The user's current holds: reservationId → hold deadline (epoch ms). */
  readonly holds: Readonly<Record<string, number>>;
}

export interface NewHold {
  readonly reservation: Reservation;
  readonly maxSeatsPerUser: number;
  /** Whether the user date seats item existed when read: picks "create it" or "count < max" as the condition. */
  readonly userDateSeatsExists: boolean;
  readonly nowMs: number;
}

/**
 * `held`: done. `userDateSeatsChanged`: the user's counter moved between read and write (first hold created
 * it concurrently, or an expired hold of theirs appeared), so read again and retry.
 */
export type HoldOutcome = 'held' | 'userDateSeatsChanged';

export interface EndHold {
  readonly reservation: Reservation;
  readonly ending: HoldEnding;
  /** False when the seat already moved on (sold, or held by another reservation): the seat is then left alone. */
  readonly releaseSeat: boolean;
  readonly nowMs: number;
}

/** `stale`: some condition failed because the state changed since it was read; read again and decide again. */
export type EndHoldOutcome = 'ended' | 'stale';

/** Seats, reservations and the per-user seat counter, written together in one transaction per change. */
export interface SeatHoldRepository {
  /** Strongly consistent: a seat released a moment ago must read AVAILABLE. */
  findSeat(concertId: string, date: string, seatNo: number): Promise<Seat | undefined>;
  findUserDateSeats(userId: string, concertId: string, date: string): Promise<UserDateSeats | undefined>;
  /** Throws SeatAlreadyReservedError or SeatLimitExceededError when the transaction's conditions say so. */
  hold(hold: NewHold): Promise<HoldOutcome>;
  /**
   * HELD → EXPIRED (only once past the deadline) or → CANCELLED (only by the owner, before the deadline),
   * the seat back to AVAILABLE, and the user's seat slot freed, all or nothing.
   */
  endHold(end: EndHold): Promise<EndHoldOutcome>;
}

export interface ReservationRepository {
  /** Strongly consistent, so a hold is readable right after it was placed. */
  findReservation(reservationId: string): Promise<Reservation | undefined>;
}

export interface HoldReleaseRequest {
  readonly reservationId: string;
  /** When the hold expires (epoch ms): the release must not run before. */
  readonly releaseAtMs: number;
}

/** Asks for `release-hold` to run for a reservation once its hold has expired. */
export interface HoldReleaseScheduler {
  scheduleRelease(request: HoldReleaseRequest): Promise<void>;
}
