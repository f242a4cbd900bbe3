import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { heldReservationItem, ownerSortKeyOf, ownerSortKeyPattern, reservationFromItem, userReservationsStartKey } from '../../../../../lambdas/adapters/dynamodb/entities/reservation';
import type { Reservation } from '../../../../../lambdas/domain/reservation';

const reservation: Reservation = {
  reservationId: 'r-1',
  userId: 'u-1',
  concertId: 'c-1',
  date: '2026-12-24',
  seatNos: [7, 8],
  price: 100_000,
  status: 'HELD',
  expiresAtMs: 1_700_000_300_000,
};
const createdAt = '2026-11-30T16:00:00.000Z';

describe('reservation entity', () => {
  it('reads back the hold it stored', () => {
    expect(reservationFromItem(heldReservationItem(reservation, createdAt))).toEqual(reservation);
  });

  it('reads a reservation stored before multi-seat holds from its one seatNo', () => {
    const item = { ...heldReservationItem(reservation, createdAt), seatNos: undefined };
    expect(reservationFromItem({ ...item, seatNo: 7 }).seatNos).toEqual([7]);
  });

  it('refuses a reservation with no seats, naming seatNos', () => {
    const item = { ...heldReservationItem(reservation, createdAt), seatNos: undefined };
    expect(() => reservationFromItem(item)).toThrow(expect.objectContaining({ entity: 'Reservation', field: 'seatNos' }));
  });

  it('refuses a deadline stored as text', () => {
    const item = { ...heldReservationItem(reservation, createdAt), expiresAt: 'soon' };
    expect(() => reservationFromItem(item)).toThrow(MalformedItemError);
    expect(() => reservationFromItem(item)).toThrow('malformed Reservation item: expiresAt: expected number');
  });

  it('pages the owner index from the sort key it returned', () => {
    const item = heldReservationItem(reservation, createdAt);
    const sortKey = ownerSortKeyOf(item);
    expect(ownerSortKeyPattern.test(sortKey)).toBe(true);
    expect(userReservationsStartKey('u-1', sortKey)).toEqual({ ownerPk: item.ownerPk, ownerSk: item.ownerSk, pk: item.pk, sk: item.sk });
  });
});
