import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { tokenWrittenAtMsOf } from '../../../../lambdas/adapters/dynamodb/queue-token-stream';

const recordWith = (image: Record<string, AttributeValue>): DynamoDBRecord => ({ eventName: 'MODIFY', dynamodb: { NewImage: image } });

describe('tokenWrittenAtMsOf', () => {
  it('answers the latest time the token carries: its end, when it ended', () => {
    const record = recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '5000' }, admittedAt: { N: '7000' }, endedAt: { N: '9000' } });
    expect(tokenWrittenAtMsOf(record)).toBe(9000);
  });

  it('answers the admission of a token admitted after its last poll', () => {
    expect(tokenWrittenAtMsOf(recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '5000' }, admittedAt: { N: '7000' } }))).toBe(7000);
  });

  it('answers the issue of a new waiter', () => {
    expect(tokenWrittenAtMsOf(recordWith({ issuedAt: { N: '1000' }, lastPolledAt: { N: '1000' }, status: { S: 'WAITING' } }))).toBe(1000);
  });

  it('answers undefined for a record without times', () => {
    expect(tokenWrittenAtMsOf(recordWith({ status: { S: 'WAITING' } }))).toBeUndefined();
    expect(tokenWrittenAtMsOf({ eventName: 'REMOVE', dynamodb: {} })).toBeUndefined();
  });
});
