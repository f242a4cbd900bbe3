import type { QueueToken } from '../../domain/queue';
import type { HoldEnding, Reservation, SeatCounter } from '../../domain/reservation';
import type { Seat } from '../../domain/seat';
import type { Page } from '../ports';

/** The user's held and bought seats of one concert date, as stored: the MAX_SEATS_PER_USER counter (its rule: `domain/reservation.ts`). */
export type UserDateSeats = SeatCounter;

export interface NewHold {
  readonly reservation: Reservation;
  readonly maxSeatsPerUser: number;
  /** Whether the user date seats item existed when read: picks "create it" or "count < max" as the condition. */
  readonly userDateSeatsExists: boolean;
  readonly nowMs: number;
}

/**
 * What the hold transaction's conditions said. `userDateSeatsChanged`: the user's counter refused the seats (another
 * hold created or filled it between read and write); whether that is the limit or a reason to read again and retry
 * is the use case's decision.
 */
export type HoldOutcome =
  | { readonly kind: 'held' }
  /** This seat was no longer AVAILABLE: someone else holds or bought it. */
  | { readonly kind: 'seatTaken'; readonly seatNo: number }
  /** The user's counter was created or changed since it was read; `userDateSeats` is what the condition found. */
  | { readonly kind: 'userDateSeatsChanged'; readonly userDateSeats?: UserDateSeats };

export interface EndHold {
  readonly reservation: Reservation;
  readonly ending: HoldEnding;
  /** The reservation's seats still held by it; a seat that already moved on (sold, re-held) is left alone. */
  readonly releaseSeatNos: readonly number[];
  readonly nowMs: number;
}

export interface HoldReadRequest {
  /** The caller's queue token, read with the rest when given. */
  readonly tokenId?: string;
  readonly userId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNos: readonly number[];
}

/** What a hold needs to know before its transaction. */
export interface HoldRead {
  readonly token?: QueueToken;
  /** In the order asked, undefined for a seat that does not exist. */
  readonly seats: (Seat | undefined)[];
  readonly userDateSeats?: UserDateSeats;
}

/** `stale`: some condition failed because the state changed since it was read; read again and decide again. */
export type EndHoldOutcome = 'ended' | 'stale';

/** Seats, reservations and the per-user seat counter, written together in one transaction per change. */
export interface SeatHoldRepository {
  /**
   * Strongly consistent (a seat released a moment ago must read AVAILABLE), all in one round trip; in the order
   * asked, undefined for a seat that does not exist.
   */
  findSeats(concertId: string, date: string, seatNos: readonly number[]): Promise<(Seat | undefined)[]>;
  findUserDateSeats(userId: string, concertId: string, date: string): Promise<UserDateSeats | undefined>;
  /**
   * The caller's token, the seats and the user's seat counter in ONE strongly consistent round trip, so that a
   * request for a taken seat costs a single storage call before it is refused.
   */
  readForHold(request: HoldReadRequest): Promise<HoldRead>;
  /** Reports which condition refused the transaction; the use case decides what the refusal means. */
  hold(hold: NewHold): Promise<HoldOutcome>;
  /**
   * HELD → EXPIRED (only once past the deadline) or → CANCELLED (only by the owner, before the deadline),
   * the seats back to AVAILABLE, and the user's seat slots freed, all or nothing.
   */
  endHold(end: EndHold): Promise<EndHoldOutcome>;
}

/** A user's reservations, newest first, one Query per page (never a scan). */
export interface ReservationHistory {
  /** Eventually consistent (an index): a hold placed a moment ago may show on the next read. Bad cursor: ValidationError. */
  listByOwner(userId: string, pageSize: number, cursor?: string): Promise<Page<Reservation>>;
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
