import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { changeWrittenAtMsOf, queueTokenDelivery, roomChangeOf } from '../../../../lambdas/adapters/dynamodb/queue-token-stream';
import { matchesEventFilter } from '../../../../local/event-filter';

const recordWith = (image: Record<string, AttributeValue>, eventName: DynamoDBRecord['eventName'] = 'MODIFY'): DynamoDBRecord => ({
  eventName,
  dynamodb: { NewImage: image },
});
const concertImage = { entity: { S: 'Concert' }, concertId: { S: 'c1' }, paused: { BOOL: false }, saleChangedAt: { N: '4000' } };
const delivered = (record: DynamoDBRecord): boolean => queueTokenDelivery.filterPatterns.some((pattern) => matchesEventFilter(pattern, record));

describe('queueTokenDelivery and roomChangeOf', () => {
  it('delivers a modified concert (a sale change or the end of its draw) as a change of its room’s sale', () => {
    const record = recordWith(concertImage);
    expect(delivered(record)).toBe(true);
    expect(roomChangeOf(record)).toEqual({ kind: 'saleChanged', concertId: 'c1' });
  });

  it('leaves out a new concert: nobody waits in its room yet', () => {
    const record = recordWith(concertImage, 'INSERT');
    expect(delivered(record)).toBe(false);
    expect(roomChangeOf(record)).toBeUndefined();
  });

  it('reports a freed slot, a new waiter and an admission of a queue token', () => {
    const token = { entity: { S: 'QueueToken' }, concertId: { S: 'c1' }, tokenId: { S: 't1' } };
    const freed = recordWith({ ...token, status: { S: 'LEFT' }, admittedAt: { N: '1000' } });
    const queued = recordWith({ ...token, status: { S: 'WAITING' } }, 'INSERT');
    const admitted = recordWith({ ...token, status: { S: 'ACTIVE' }, expiresAt: { N: '9000' } });
    expect([freed, queued, admitted].every(delivered)).toBe(true);
    expect([freed, queued, admitted].map(roomChangeOf)).toEqual([
      { kind: 'slotFreed', concertId: 'c1' },
      { kind: 'queued', concertId: 'c1' },
      { kind: 'admitted', concertId: 'c1', expiry: { tokenId: 't1', expireAtMs: 9000 } },
    ]);
  });
});

describe('changeWrittenAtMsOf', () => {
  it('answers the latest time the token carries: its end, when it ended', () => {
    const record = recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '5000' }, admittedAt: { N: '7000' }, endedAt: { N: '9000' } });
    expect(changeWrittenAtMsOf(record)).toBe(9000);
  });

  it('answers the admission of a token admitted after its last poll', () => {
    expect(changeWrittenAtMsOf(recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '5000' }, admittedAt: { N: '7000' } }))).toBe(7000);
  });

  it('answers the issue of a new waiter', () => {
    expect(changeWrittenAtMsOf(recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '1000' }, status: { S: 'WAITING' } }))).toBe(1000);
  });

  it('answers the sale change of a concert', () => {
    expect(changeWrittenAtMsOf(recordWith(concertImage))).toBe(4000);
  });

  it('answers undefined for a record without times', () => {
    expect(changeWrittenAtMsOf(recordWith({ status: { S: 'WAITING' } }))).toBeUndefined();
    expect(changeWrittenAtMsOf({ eventName: 'REMOVE', dynamodb: {} })).toBeUndefined();
  });
});
