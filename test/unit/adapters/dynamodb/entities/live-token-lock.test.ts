import { liveTokenLockToItem, lockedTokenIdFromItem } from '../../../../../lambdas/adapters/dynamodb/entities/live-token-lock';
import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';

describe('live token lock entity', () => {
  it('reads back the token the lock names', () => {
    const item = liveTokenLockToItem('u-1', 'c-1', 't-1');
    expect(item).toMatchObject({ pk: 'USER#u-1', sk: 'LIVE_TOKEN#c-1', entity: 'LiveTokenLock' });
    expect(lockedTokenIdFromItem(item)).toBe('t-1');
  });

  it('refuses a lock that names no token', () => {
    expect(() => lockedTokenIdFromItem({ pk: 'USER#u-1', sk: 'LIVE_TOKEN#c-1' })).toThrow(MalformedItemError);
  });
});
