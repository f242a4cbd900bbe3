import { SeatAlreadyReservedError, SeatLimitExceededError, SeatNotFoundError, ServiceUnavailableError, DateClosedError } from '../../domain/errors';
import type { Reservation } from '../../domain/reservation';
import { expiredHoldIds, holdDeadline, ReservationStatus } from '../../domain/reservation';
import { effectiveSeatStatus, SeatStatus } from '../../domain/seat';
import type { Clock, IdGenerator } from '../ports';
import { retry, retryBudgets, tryAgain } from '../retry-policy';
import type { ReservationRepository, SeatHoldRepository, UserDateSeats } from './ports';
import { releaseHold } from './release-hold';
import type { ReservationView } from './reservation-view';
import { toReservationView } from './reservation-view';
import { isOpenForBooking } from '../../domain/calendar';

export interface HoldSeatCommand {
  readonly userId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNo: number;
}

export interface HoldSeatDeps {
  readonly holds: SeatHoldRepository;
  readonly reservations: ReservationRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: { readonly holdTtlSeconds: number; readonly maxSeatsPerUser: number };
}

/**
 * Holds one seat for HOLD_TTL_SECONDS in one transaction (seat AVAILABLE → HELD, reservation, the user's
 * counter under MAX_SEATS_PER_USER). A seat that is held (unexpired) or sold is refused after a single read,
 * which keeps a hot seat cheap; expired holds, on the seat or among the user's own, are released first so
 * they never block anyone. The release at the deadline is scheduled from the table stream
 * (handlers/schedule-hold-release.ts), so placing a hold never waits on a queue.
 */
export const holdSeat = (deps: HoldSeatDeps) => {
  const release = releaseHold(deps);
  const { maxSeatsPerUser, holdTtlSeconds } = deps.settings;

  const readUserDateSeats = async (command: HoldSeatCommand, nowMs: number): Promise<UserDateSeats | undefined> => {
    const read = () => deps.holds.findUserDateSeats(command.userId, command.concertId, command.date);
    const userDateSeats = await read();
    const expired = expiredHoldIds(userDateSeats?.holds ?? {}, nowMs);
    if (expired.length === 0) return userDateSeats;
    await Promise.all(expired.map(release));
    return read();
  };

  /** After contention outlived the retries: if someone else won the seat or the user's slots, say which. */
  const refuseIfContentionWasLost = async (command: HoldSeatCommand, nowMs: number): Promise<void> => {
    const seat = await deps.holds.findSeat(command.concertId, command.date, command.seatNo);
    if (seat && effectiveSeatStatus(seat, nowMs) !== SeatStatus.available) {
      throw new SeatAlreadyReservedError(command.concertId, command.date, command.seatNo);
    }
    const userDateSeats = await deps.holds.findUserDateSeats(command.userId, command.concertId, command.date);
    if (userDateSeats && userDateSeats.count >= maxSeatsPerUser && expiredHoldIds(userDateSeats.holds, nowMs).length === 0) {
      throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);
    }
  };

  return async (command: HoldSeatCommand): Promise<ReservationView> => {
    const nowMs = deps.clock.now();
    if (!isOpenForBooking(command.date, nowMs)) throw new DateClosedError(command.concertId, command.date);
    // Only the user's own counter can make an attempt retry (it was created or changed concurrently).
    return retry(retryBudgets.seatHold, async () => {
      const seat = await deps.holds.findSeat(command.concertId, command.date, command.seatNo);
      if (!seat) throw new SeatNotFoundError(command.concertId, command.date, command.seatNo);
      if (effectiveSeatStatus(seat, nowMs) !== SeatStatus.available) {
        throw new SeatAlreadyReservedError(command.concertId, command.date, command.seatNo);
      }
      if (seat.status === SeatStatus.held && seat.reservationId) await release(seat.reservationId);

      const userDateSeats = await readUserDateSeats(command, nowMs);
      if (userDateSeats && userDateSeats.count >= maxSeatsPerUser) throw new SeatLimitExceededError(command.userId, maxSeatsPerUser);

      const reservation: Reservation = {
        reservationId: deps.ids.newId(),
        userId: command.userId,
        concertId: command.concertId,
        date: command.date,
        seatNo: command.seatNo,
        price: seat.price,
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
      return outcome === 'held' ? toReservationView(reservation, nowMs) : tryAgain;
    });
  };
};
