import {
  idempotencyRecordFromItem,
  idempotencyRecordKey,
  idempotencyRecordToItem,
} from '../../../../../lambdas/adapters/dynamodb/entities/idempotency-record';

const timestamps = { createdAt: '2026-11-30T16:00:00.000Z', ttl: 1_790_000_000 };

describe('idempotency record entity', () => {
  it('stores a record under its user and key (one per key, whatever the operation), and reads it back as stored', () => {
    const record = { requestHash: 'h-1', statusCode: 201, responseJson: '{"paymentId":"p-1"}' };
    const item = idempotencyRecordToItem('u-1', 'PAY', 'key-1', record, timestamps);
    expect(idempotencyRecordKey('u-1', 'key-1')).toEqual({ pk: 'USER#u-1', sk: 'IDEMPOTENCY#key-1' });
    expect(item).toMatchObject({ ...idempotencyRecordKey('u-1', 'key-1'), entity: 'IdempotencyRecord', operation: 'PAY', ...timestamps });
    expect(idempotencyRecordFromItem(item)).toEqual(record);
  });

  it('keeps where the ledger entry of a recorded balance change is', () => {
    const record = { requestHash: 'h-2', statusCode: 200, responseJson: '{"balance":null}', balanceEntryId: 'e-1', balanceLedgerSk: 'LEDGER#t#e-1' };
    expect(idempotencyRecordFromItem(idempotencyRecordToItem('u-1', 'CHARGE', 'key-2', record, timestamps))).toEqual(record);
  });

  it('refuses a record whose response is not the answered text, naming the field', () => {
    const item = idempotencyRecordToItem('u-1', 'PAY', 'key-1', { requestHash: 'h-1', statusCode: 201, responseJson: '{}' }, timestamps);
    expect(() => idempotencyRecordFromItem({ ...item, response: { paymentId: 'p-1' } })).toThrow('malformed IdempotencyRecord item: response: expected string');
  });
});
