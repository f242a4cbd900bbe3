import { DateNotFoundError } from '../../domain/errors';
import type { Seat, SeatStatus } from '../../domain/seat';
import { SeatStatus as Status, effectiveSeatStatus } from '../../domain/seat';
import type { Clock } from '../ports';

export interface SeatReader {
  /** Every seat of a date; empty when the date has no seats. */
  listSeats(concertId: string, date: string): Promise<Seat[]>;
}

export interface SeatMap {
  readonly concertId: string;
  readonly date: string;
  /** No seat can be taken right now: every seat is SOLD or held by a live hold. */
  readonly soldOut: boolean;
  readonly seats: { seatNo: number; status: SeatStatus; price: number; grade: string }[];
}

/** Every seat of a date, ascending, as fans see it: a hold past its deadline already shows AVAILABLE. */
export const listSeatMap =
  (deps: { seats: SeatReader; clock: Clock }) =>
  async (concertId: string, date: string): Promise<SeatMap> => {
    const stored = await deps.seats.listSeats(concertId, date);
    if (stored.length === 0) throw new DateNotFoundError(concertId, date);
    const now = deps.clock.now();
    const seats = [...stored]
      .sort((a, b) => a.seatNo - b.seatNo)
      .map((seat) => ({ seatNo: seat.seatNo, status: effectiveSeatStatus(seat, now), price: seat.price, grade: seat.grade }));
    return { concertId, date, soldOut: seats.every((seat) => seat.status !== Status.available), seats };
  };
