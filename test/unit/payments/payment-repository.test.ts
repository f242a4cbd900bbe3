import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoBalanceRepository } from '../../../lambdas/adapters/dynamodb/balance-repository';
import { DynamoPaymentRepository } from '../../../lambdas/adapters/dynamodb/payment-repository';
import type { QueueToken } from '../../../lambdas/domain/queue';
import type { Reservation } from '../../../lambdas/domain/reservation';
import type { PaymentWrite } from '../../../lambdas/use-cases/payments/ports';

const now = 1_700_000_000_000;
const at = new Date(now).toISOString();
const reservation: Reservation = {
  reservationId: 'r-1',
  userId: 'u-1',
  concertId: 'c-1',
  date: '2099-12-24',
  seatNo: 7,
  price: 50_000,
  status: 'HELD',
  expiresAtMs: now + 60_000,
};
const token: QueueToken = {
  tokenId: 't-1',
  userId: 'u-1',
  concertId: 'c-1',
  status: 'ACTIVE',
  issuedAtMs: now - 5_000,
  lastPolledAtMs: now - 5_000,
  admittedAtMs: now - 5_000,
  expiryKeyMs: now + 595_000,
};
const write: PaymentWrite = {
  payment: { paymentId: 'p-1', userId: 'u-1', reservationId: 'r-1', amount: 50_000, createdAt: at },
  reservation,
  token,
  expectedBalance: 80_000,
  entry: { entryId: 'e-1', userId: 'u-1', kind: 'PAYMENT', amount: -50_000, balanceAfter: 30_000, at, paymentId: 'p-1' },
  idempotency: {
    operation: { name: 'PAYMENT', successStatus: 201 },
    key: 'k',
    record: { requestHash: 'h', statusCode: 201, response: { paymentId: 'p-1' } },
  },
  nowMs: now,
};

/** Cancellation reasons by item index: the stored item of a failed condition, or `true` when none came back. */
const cancelled = (reasons: Record<number, Record<string, unknown> | boolean>, count = 10) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: count }, (_, index) => {
      const reason = reasons[index];
      if (reason === undefined) return { Code: 'None' };
      return { Code: 'ConditionalCheckFailed', ...(typeof reason === 'boolean' ? {} : { Item: marshall(reason) }) };
    }),
  });

describe('DynamoPaymentRepository.pay', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoPaymentRepository(documentClient, 'table');

  afterEach(() => mock.reset());

  it('writes everything in one transaction: reservation, seat, hold entry, balance, payment, ledger, token, lock, room, record', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await expect(repository.pay(write)).resolves.toEqual({ kind: 'paid' });
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const keyOf = (item: (typeof items)[number]) =>
      item.Update?.Key ?? item.Delete?.Key ?? { pk: item.Put?.Item?.pk, sk: item.Put?.Item?.sk };
    expect(items.map(keyOf)).toEqual([
      { pk: 'RESERVATION#r-1', sk: 'RESERVATION' },
      { pk: 'SEATS#c-1#2099-12-24', sk: 'SEAT#0007' },
      { pk: 'USER#u-1', sk: 'SEATS#c-1#2099-12-24' },
      { pk: 'USER#u-1', sk: 'PROFILE' },
      { pk: 'USER#u-1', sk: 'PAYMENT#p-1' },
      { pk: 'USER#u-1', sk: `LEDGER#${at}#e-1` },
      { pk: 'TOKEN#t-1', sk: 'TOKEN' },
      { pk: 'USER#u-1', sk: 'LIVE_TOKEN#c-1' },
      { pk: 'ROOM#c-1', sk: 'ROOM' },
      { pk: 'USER#u-1', sk: 'IDEMPOTENCY#PAYMENT#k' },
    ]);
    // Which items, in which order: the outcome mapping reads a cancellation's reasons by index. What each condition
    // allows and refuses is tested on DynamoDB Local (test/integration/payments/pay-reservation.test.ts), not by
    // pinning expression strings here.
    expect(items[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':confirmed': 'CONFIRMED', ':userId': 'u-1', ':now': now });
    expect(items[1]?.Update?.ExpressionAttributeValues).toMatchObject({ ':sold': 'SOLD', ':userId': 'u-1', ':reservationId': 'r-1' });
    expect(items[3]?.Update?.ExpressionAttributeValues).toEqual({ ':price': 50_000, ':expected': 80_000 });
    expect(items[6]?.Update?.ExpressionAttributeValues).toMatchObject({ ':dead': 'PAID', ':seen': 'ACTIVE' });
    expect(items[9]?.Put?.Item).toMatchObject({ requestHash: 'h', statusCode: 201, response: '{"paymentId":"p-1"}', ttl: Math.floor(now / 1000) + 24 * 3600 });
  });

  it('leaves the record out without an Idempotency-Key', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await repository.pay({ ...write, idempotency: undefined });
    expect(mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toHaveLength(9);
  });

  it.each([
    ['the record exists, whatever else failed', { 0: { status: 'CONFIRMED' }, 3: { balance: 0 }, 9: true }, { kind: 'alreadyRecorded' }],
    [
      'the reservation changed, with what it is now',
      { 0: { ...reservation, expiresAt: now + 60_000, status: 'CONFIRMED' }, 1: true, 6: true, 3: { balance: 1 } },
      { kind: 'reservationChanged', reservation: { ...reservation, status: 'CONFIRMED' } },
    ],
    ['the seat moved on', { 1: { status: 'AVAILABLE' } }, { kind: 'holdLost' }],
    ['the hold entry is gone', { 2: { count: 0, holds: {} } }, { kind: 'holdLost' }],
    ['the token ended', { 6: { status: 'LEFT' } }, { kind: 'tokenNotLive' }],
    ['the lock belongs to another token', { 7: { tokenId: 't-2' } }, { kind: 'tokenNotLive' }],
    ['the balance changed', { 3: { balance: 10 } }, { kind: 'balanceChanged' }],
  ])('reports a transaction stopped because %s', async (_, reasons, outcome) => {
    mock.on(TransactWriteCommand).rejects(cancelled(reasons));
    await expect(repository.pay(write)).resolves.toEqual(outcome);
  });

  it('reports a transaction conflict as a lost round for the caller to retry, without retrying it itself', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }),
    );
    await expect(repository.pay(write)).resolves.toEqual({ kind: 'balanceChanged' });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('DynamoBalanceRepository.applyCharge', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoBalanceRepository(documentClient, 'table');
  const charge = {
    userId: 'u-1',
    expectedBalance: 1_000,
    entry: { entryId: 'e-1', userId: 'u-1', kind: 'CHARGE' as const, amount: 500, balanceAfter: 1_500, at },
    idempotency: write.idempotency && { ...write.idempotency, operation: { name: 'CHARGE', successStatus: 200 } as const },
    nowMs: now,
  };

  afterEach(() => mock.reset());

  it('adds under the cap and the expected balance, with the ledger entry and the record', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await expect(repository.applyCharge(charge)).resolves.toEqual({ kind: 'applied' });
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    // The cap and the expected balance at work are tested on DynamoDB Local (test/integration/balance/balance.test.ts).
    expect(items[0]?.Update?.Key).toEqual({ pk: 'USER#u-1', sk: 'PROFILE' });
    expect(items[0]?.Update?.ExpressionAttributeValues).toEqual({ ':amount': 500, ':expected': 1_000, ':ceiling': 99_999_500 });
    expect(items[1]?.Put?.Item).toMatchObject({ sk: `LEDGER#${at}#e-1`, kind: 'CHARGE', amount: 500, balanceAfter: 1_500 });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'IDEMPOTENCY#CHARGE#k' });
  });

  it.each([
    ['the balance changed', { 0: { balance: 2_000 } }, { kind: 'balanceChanged' }],
    ['the record exists', { 0: { balance: 1_500 }, 2: true }, { kind: 'alreadyRecorded' }],
  ])('reports a transaction stopped because %s', async (_, reasons, outcome) => {
    mock.on(TransactWriteCommand).rejects(cancelled(reasons, 3));
    await expect(repository.applyCharge(charge)).resolves.toEqual(outcome);
  });
});
