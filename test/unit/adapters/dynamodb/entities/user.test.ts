import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { balanceFromItem, keyHashFromItem, newUserItem } from '../../../../../lambdas/adapters/dynamodb/entities/user';
import { userKeyFromItem, userKeyToItem } from '../../../../../lambdas/adapters/dynamodb/entities/user-key';

describe('user entity', () => {
  it('creates a profile with a zero balance and reads back its key hash', () => {
    const item = newUserItem({ userId: 'u-1', name: 'Kim' }, 'hash-1', '2026-11-30T16:00:00.000Z');
    expect(item).toMatchObject({ entity: 'User', userId: 'u-1', name: 'Kim', balance: 0 });
    expect(keyHashFromItem(item)).toBe('hash-1');
  });

  it('reads a profile created before user keys existed as having none', () => {
    expect(keyHashFromItem({ userId: 'u-1' })).toBeUndefined();
  });

  it('refuses a key hash that is not a string', () => {
    expect(() => keyHashFromItem({ keyHash: 1 })).toThrow(MalformedItemError);
  });

  it('reads the balance, and a profile written before balances were kept as 0', () => {
    expect(balanceFromItem({ ...newUserItem({ userId: 'u-1', name: 'Kim' }, 'hash-1', '2026-11-30T16:00:00.000Z'), balance: 70_000 })).toBe(70_000);
    expect(balanceFromItem({ userId: 'u-1' })).toBe(0);
  });

  it('refuses a balance that is not a number, naming the field', () => {
    expect(() => balanceFromItem({ pk: 'USER#u-1', sk: 'PROFILE', balance: '70000' })).toThrow('malformed User item: balance: expected number');
  });
});

describe('user key entity', () => {
  it('reads back the user its lookup item names', () => {
    expect(userKeyFromItem(userKeyToItem('hash-1', 'u-1', '2026-11-30T16:00:00.000Z'))).toEqual({ userId: 'u-1' });
  });

  it('refuses a lookup item without a user, naming the field', () => {
    expect(() => userKeyFromItem({ pk: 'USERKEY#h', sk: 'USERKEY' })).toThrow('malformed UserKey item: userId: expected string');
  });
});
