import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { newUserDateSeatsAttributes, userDateSeatsFromItem } from '../../../../../lambdas/adapters/dynamodb/entities/user-date-seats';

describe('user date seats entity', () => {
  it('reads back the counter the first hold creates', () => {
    expect(userDateSeatsFromItem(newUserDateSeatsAttributes('u-1', 'c-1', '2026-12-24', 2, { 'r-1': 99 }))).toEqual({ count: 2, holds: { 'r-1': 99 } });
  });

  it('reads a counter without holds as holding nothing', () => {
    expect(userDateSeatsFromItem({ count: 3 })).toEqual({ count: 3, holds: {} });
  });

  it('refuses a hold deadline that is not a number, naming the holds', () => {
    expect(() => userDateSeatsFromItem({ count: 1, holds: { 'r-1': 'later' } })).toThrow(MalformedItemError);
    expect(() => userDateSeatsFromItem({ count: 1, holds: { 'r-1': 'later' } })).toThrow('malformed UserDateSeats item: holds: expected a map of reservation ids to deadlines (numbers)');
  });
});
