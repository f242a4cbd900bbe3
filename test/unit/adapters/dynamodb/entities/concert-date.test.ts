import { concertDateFromItem, concertDateToItem } from '../../../../../lambdas/adapters/dynamodb/entities/concert-date';
import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import type { ConcertDate } from '../../../../../lambdas/domain/concert';

const date: ConcertDate = {
  concertId: 'c-1',
  date: '2026-12-24',
  price: 50_000,
  totalSeats: 30,
  grades: [
    { grade: 'VIP', price: 150_000, firstSeatNo: 1, lastSeatNo: 10 },
    { grade: 'R', price: 50_000, firstSeatNo: 11, lastSeatNo: 30 },
  ],
};

describe('concert date entity', () => {
  it('reads back the date it stored with its grades', () => {
    expect(concertDateFromItem(concertDateToItem(date))).toEqual(date);
  });

  it('reads a date stored before grades existed as one standard grade at its price', () => {
    const item = { ...concertDateToItem(date), grades: undefined };
    expect(concertDateFromItem(item).grades).toEqual([{ grade: 'STANDARD', price: 50_000, firstSeatNo: 1, lastSeatNo: 30 }]);
  });

  it('refuses a grade without a price, naming the path to it', () => {
    const item = { ...concertDateToItem(date), grades: [{ grade: 'VIP', firstSeatNo: 1, lastSeatNo: 30 }] };
    expect(() => concertDateFromItem(item)).toThrow(MalformedItemError);
    expect(() => concertDateFromItem(item)).toThrow('malformed ConcertDate item: grades.0.price: expected number');
  });
});
