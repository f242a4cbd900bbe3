import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { newSeatItem, seatFromItem, seatKey } from '../../../../../lambdas/adapters/dynamodb/entities/seat';
import type { ConcertDate } from '../../../../../lambdas/domain/concert';

const date: ConcertDate = {
  concertId: 'c-1',
  date: '2026-12-24',
  price: 50_000,
  totalSeats: 20,
  grades: [
    { grade: 'VIP', price: 150_000, firstSeatNo: 1, lastSeatNo: 10 },
    { grade: 'R', price: 50_000, firstSeatNo: 11, lastSeatNo: 20 },
  ],
};

describe('seat entity', () => {
  it('creates an AVAILABLE seat with its grade and price and reads it back', () => {
    expect(seatFromItem(newSeatItem(date, 12))).toEqual({ concertId: 'c-1', date: '2026-12-24', seatNo: 12, grade: 'R', price: 50_000, status: 'AVAILABLE' });
  });

  it('reads the hold on a HELD seat', () => {
    const item = { ...newSeatItem(date, 3), status: 'HELD', reservationId: 'r-1', holderId: 'u-1', holdExpiresAt: 99 };
    expect(seatFromItem(item)).toMatchObject({ status: 'HELD', reservationId: 'r-1', holdExpiresAtMs: 99 });
  });

  it('reads a seat stored before grades existed as the standard grade', () => {
    const item = { ...newSeatItem(date, 1), grade: undefined };
    expect(seatFromItem(item).grade).toBe('STANDARD');
  });

  it('sorts seat keys by seat number', () => {
    expect(seatKey('c-1', '2026-12-24', 9).sk < seatKey('c-1', '2026-12-24', 10).sk).toBe(true);
  });

  it('refuses a status outside the seat statuses, naming the field', () => {
    const item = { ...newSeatItem(date, 1), status: 'GONE' };
    expect(() => seatFromItem(item)).toThrow(MalformedItemError);
    expect(() => seatFromItem(item)).toThrow('malformed Seat item: status: expected one of AVAILABLE, HELD, SOLD');
  });
});
