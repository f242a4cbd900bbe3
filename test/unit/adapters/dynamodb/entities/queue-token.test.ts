import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { lineEntryFromItem, newTokenItem, queueTokenFromItem } from '../../../../../lambdas/adapters/dynamodb/entities/queue-token';
import type { QueueToken } from '../../../../../lambdas/domain/queue';

const waiting: QueueToken = {
  tokenId: 't-1',
  userId: 'u-1',
  concertId: 'c-1',
  status: 'WAITING',
  shard: 3,
  ticket: 42,
  issuedAtMs: 1_000,
  lastPolledAtMs: 2_000,
  lastPosition: 7,
  expiryKeyMs: 120_000,
};

describe('queue token entity', () => {
  it('reads back a WAITING token it stored, in the waiting line and the expiry index', () => {
    const item = newTokenItem(waiting);
    expect(item).toMatchObject({ entity: 'QueueToken', linePk: 'LINE#c-1#3', lineSk: '000000000042#t-1', expiryPk: expect.stringMatching(/^EXPIRY#/) });
    expect(queueTokenFromItem(item)).toEqual(waiting);
  });

  it('puts a pre-queue token (no ticket yet) in its pre-queue partition, keyed by its id', () => {
    expect(newTokenItem({ ...waiting, ticket: undefined })).toMatchObject({ linePk: 'PREQUEUE#c-1#3', lineSk: 't-1' });
  });

  it('reads no expiry key once the token has left the expiry index', () => {
    expect(queueTokenFromItem({ ...newTokenItem(waiting), expiryPk: undefined })).not.toHaveProperty('expiryKeyMs');
  });

  it('refuses a status outside the token statuses, naming the field', () => {
    const item = { ...newTokenItem(waiting), status: 'ASLEEP' };
    expect(() => queueTokenFromItem(item)).toThrow(MalformedItemError);
    expect(() => queueTokenFromItem(item)).toThrow('malformed QueueToken item: status: expected one of WAITING, ACTIVE, EXPIRED, LEFT, PAID');
  });

  it('reads a waiting-line index entry as the token key and its place', () => {
    expect(lineEntryFromItem({ pk: 'TOKEN#t-1', sk: 'TOKEN', linePk: 'LINE#c-1#3', lineSk: '000000000042#t-1' })).toEqual({
      key: { pk: 'TOKEN#t-1', sk: 'TOKEN' },
      lineSk: '000000000042#t-1',
    });
  });

  it('refuses an index entry without its sort key', () => {
    expect(() => lineEntryFromItem({ pk: 'TOKEN#t-1', sk: 'TOKEN' })).toThrow('malformed QueueToken item: lineSk: expected string');
  });
});
