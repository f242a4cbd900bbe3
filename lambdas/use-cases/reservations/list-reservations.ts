import type { Clock } from '../ports';
import { historyPageSize } from '../ports';
import type { ReservationHistory } from './ports';
import type { ReservationView } from './reservation-view';
import { toReservationView } from './reservation-view';

export interface ReservationList {
  readonly reservations: ReservationView[];
  readonly nextCursor: string | null;
}

/** The caller's own reservations of every status, newest first, a page at a time; a lapsed hold reads EXPIRED. */
export const listReservations =
  (deps: { readonly history: ReservationHistory; readonly clock: Clock }) =>
  async (userId: string, cursor?: string): Promise<ReservationList> => {
    const page = await deps.history.listByOwner(userId, historyPageSize, cursor);
    const nowMs = deps.clock.now();
    return { reservations: page.items.map((reservation) => toReservationView(reservation, nowMs)), nextCursor: page.nextCursor };
  };
