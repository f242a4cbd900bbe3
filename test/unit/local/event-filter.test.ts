import { assertSupportedEventFilter, matchesEventFilter } from '../../../local/event-filter';

describe('matchesEventFilter', () => {
  const pattern = { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['Reservation'] } } } };

  it('matches when every listed field holds one of its allowed values, at any depth', () => {
    expect(matchesEventFilter(pattern, { eventName: 'MODIFY', dynamodb: { NewImage: { entity: { S: 'Reservation' }, other: { N: '1' } } } })).toBe(true);
  });

  it('does not match a different value, a missing field or a missing branch', () => {
    expect(matchesEventFilter(pattern, { eventName: 'REMOVE', dynamodb: { NewImage: { entity: { S: 'Reservation' } } } })).toBe(false);
    expect(matchesEventFilter(pattern, { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'User' } } } })).toBe(false);
    expect(matchesEventFilter(pattern, { eventName: 'INSERT', dynamodb: { Keys: {} } })).toBe(false);
    expect(matchesEventFilter(pattern, { eventName: 'INSERT' })).toBe(false);
  });

  it('accepts the patterns it implements', () => {
    expect(() => assertSupportedEventFilter(pattern)).not.toThrow();
  });

  it('refuses rules it does not implement instead of matching differently from Lambda', () => {
    const prefixRule = { dynamodb: { eventName: [{ prefix: 'INS' }] } } as unknown as Parameters<typeof matchesEventFilter>[0];
    expect(() => assertSupportedEventFilter(prefixRule)).toThrow(/unsupported event filter rule on dynamodb.eventName/);
  });
});
