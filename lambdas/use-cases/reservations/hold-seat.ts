import { isOpenForBooking } from '../../domain/calendar';
import { DateClosedError, SeatAlreadyReservedError, SeatLimitExceededError, SeatNotFoundError, ServiceUnavailableError, withoutStackTrace } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import type { Reservation } from '../../domain/reservation';
import { expiredHoldIds, holdDeadline, isSeatLimitReached, passesSeatLimit, ReservationStatus } from '../../domain/reservation';
import type { Seat } from '../../domain/seat';
import { effectiveSeatStatus, SeatStatus } from '../../domain/seat';
import type { Clock, IdGenerator } from '../ports';
import { retry, tryAgain } from '../retry-policy';
import * as retryBudgets from '../retry-budgets';
import type { BearerClaims } from '../queue/ports';
import { liveTokenOf } from '../queue/resolve-live-token';
import type { HoldRead, ReservationRepository, SeatHoldRepository, UserDateSeats } from './ports';
import { releaseHold } from './release-hold';
import type { ReservationView } from './reservation-view';
import { toReservationView } from './reservation-view';

export interface HoldSeatsCommand {
  readonly userId: string;
  readonly concertId: string;
  readonly date: string;
  /** Distinct seats of the date (the request schema checks that), held together or not at all. */
  readonly seatNos: readonly number[];
  /**
   * The verified claims of the caller's queue token (the HTTP route): the token is read with the seats and must be
   * live, ACTIVE and of this concert. Without them (internal callers, tests) `userId` is trusted as given.
   */
  readonly caller?: BearerClaims;
}

export interface HoldSeatDeps {
  readonly holds: SeatHoldRepository;
  readonly reservations: ReservationRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: { readonly holdTtlSeconds: number; readonly maxSeatsPerUser: number };
  /** Decides whether the caller's token is still live. */
  readonly policy: QueuePolicy;
}

/**
 * Holds one or more seats of a date for HOLD_TTL_SECONDS in one transaction (every seat AVAILABLE → HELD, one
 * reservation with their total price, the user's counter under MAX_SEATS_PER_USER): all of them or none. The
 * caller's token, the seats and the user's counter are read first in one strongly consistent round trip, and a
 * request with a dead token or any seat held (unexpired) or sold is refused after it, which keeps a hot seat cheap; expired holds, on the seats or among the user's own, are
 * released first so they never block anyone. The release at the deadline is scheduled from the table stream
 * (handlers/schedule-hold-release.ts), so placing a hold never waits on a queue.
 */
/** The refusal every loser of a hot seat gets: built without a stack trace, which nobody reads. */
const seatTaken = (command: HoldSeatsCommand, seatNo: number): SeatAlreadyReservedError =>
  withoutStackTrace(() => new SeatAlreadyReservedError(command.concertId, command.date, seatNo));

export const holdSeats = (deps: HoldSeatDeps) => {
  const release = releaseHold(deps);
  const { maxSeatsPerUser, holdTtlSeconds } = deps.settings;

  /**
   * The user's seat counter once their own expired holds are released. The first read came with the seats; it is
   * read again only after a release (of the user's expired holds or of an expired hold on a wanted seat).
   */
  const ownSeatCounter = async (command: HoldSeatsCommand, read: HoldRead, releasedSeatHolds: boolean, nowMs: number): Promise<UserDateSeats | undefined> => {
    const expired = expiredHoldIds(read.userDateSeats?.holds ?? {}, nowMs);
    if (expired.length === 0 && !releasedSeatHolds) return read.userDateSeats;
    await Promise.all(expired.map(release));
    return deps.holds.findUserDateSeats(command.userId, command.concertId, command.date);
  };

  /** The seats as read, once every one exists and none is taken; otherwise the contract's refusal. */
  const availableSeats = (command: HoldSeatsCommand, seats: readonly (Seat | undefined)[], nowMs: number): Seat[] =>
    command.seatNos.map((seatNo, index) => {
      const seat = seats[index];
      if (!seat) throw new SeatNotFoundError(command.concertId, command.date, seatNo);
      return seat;
    }).map((seat) => {
      if (effectiveSeatStatus(seat, nowMs) !== SeatStatus.available) throw seatTaken(command, seat.seatNo);
      return seat;
    });

  /** After contention outlived the retries: if someone else won a seat or the user's slots, say which. */
  const refuseIfContentionWasLost = async (command: HoldSeatsCommand, nowMs: number): Promise<void> => {
    availableSeats(command, await deps.holds.findSeats(command.concertId, command.date, command.seatNos), nowMs);
    const userDateSeats = await deps.holds.findUserDateSeats(command.userId, command.concertId, command.date);
    if (isSeatLimitReached(userDateSeats, command.seatNos.length, maxSeatsPerUser, nowMs)) throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);
  };

  return async (request: HoldSeatsCommand): Promise<ReservationView> => {
    const nowMs = deps.clock.now();
    const seatNos = [...request.seatNos].sort((a, b) => a - b);
    const command = { ...request, seatNos };
    const { caller } = request;
    // Only the user's own counter can make an attempt retry (it was created or changed concurrently).
    return retry(retryBudgets.seatHold, async () => {
      // The caller's token, the seats and the counter in one round trip: a hot seat costs a loser one read.
      const read = await deps.holds.readForHold({ ...(caller ? { tokenId: caller.tokenId } : {}), userId: command.userId, concertId: command.concertId, date: command.date, seatNos });
      if (caller) liveTokenOf(caller, read.token, { active: true, concertId: command.concertId }, nowMs, deps.policy);
      if (!isOpenForBooking(command.date, nowMs)) throw new DateClosedError(command.concertId, command.date);
      if (passesSeatLimit(0, seatNos.length, maxSeatsPerUser)) throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);
      const seats = availableSeats(command, read.seats, nowMs);
      const expiredHolds = new Set(seats.flatMap((seat) => (seat.status === SeatStatus.held && seat.reservationId ? [seat.reservationId] : [])));
      await Promise.all([...expiredHolds].map(release));

      const userDateSeats = await ownSeatCounter(command, read, expiredHolds.size > 0, nowMs);
      if (passesSeatLimit(userDateSeats?.count ?? 0, seatNos.length, maxSeatsPerUser)) throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);

      const reservation: Reservation = {
        reservationId: deps.ids.newId(),
        userId: command.userId,
        concertId: command.concertId,
        date: command.date,
        seatNos,
        price: seats.reduce((total, seat) => total + seat.price, 0),
        status: ReservationStatus.held,
        expiresAtMs: holdDeadline(nowMs, holdTtlSeconds),
      };
      let outcome;
      try {
        outcome = await deps.holds.hold({ reservation, maxSeatsPerUser, userDateSeatsExists: userDateSeats !== undefined, nowMs });
      } catch (error) {
        // Contention that outlived the retries usually means another request won: say so rather than 503.
        if (error instanceof ServiceUnavailableError) await refuseIfContentionWasLost(command, nowMs);
        throw error;
      }
      if (outcome.kind === 'held') return toReservationView(reservation, nowMs);
      if (outcome.kind === 'seatTaken') throw seatTaken(command, outcome.seatNo);
      // The counter moved since it was read: the limit refuses now, or the next round reads it again (and releases
      // the user's own expired holds, which never count against them).
      if (isSeatLimitReached(outcome.userDateSeats, seatNos.length, maxSeatsPerUser, nowMs)) throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);
      return tryAgain;
    });
  };
};
