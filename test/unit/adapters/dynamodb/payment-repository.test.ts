import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoBalanceRepository } from '../../../../lambdas/adapters/dynamodb/balance-repository';
import { DynamoPaymentRepository } from '../../../../lambdas/adapters/dynamodb/payment-repository';
import type { QueueToken } from '../../../../lambdas/domain/queue';
import type { Reservation } from '../../../../lambdas/domain/reservation';
import type { PaymentWrite } from '../../../../lambdas/use-cases/payments/ports';

const now = 1_700_000_000_000;
const at = new Date(now).toISOString();
const reservation: Reservation = {
  reservationId: 'r-1',
  userId: 'u-1',
  concertId: 'c-1',
  date: '2099-12-24',
  seatNos: [7],
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
  entry: { entryId: 'e-1', userId: 'u-1', kind: 'PAYMENT', amount: -50_000, at, paymentId: 'p-1' },
  idempotency: {
    operation: { name: 'PAYMENT', successStatus: 201 },
    key: 'k',
    record: { requestHash: 'h', statusCode: 201, response: { paymentId: 'p-1', balance: null } },
  },
  nowMs: now,
};

/*
 * What each transaction item guards and writes is checked by the values it binds and the attributes it names, not
 * by the text of its expressions: that text is the adapter's own business, and what the conditions do is proven
 * against DynamoDB Local (test/integration/payments, test/integration/balance: expired, foreign, sold or unpaid
 * reservations, balances below the price or over the cap, ended tokens, replayed keys).
 */
type ExpressionInput = { ExpressionAttributeValues?: Record<string, unknown>; ExpressionAttributeNames?: Record<string, string> } | undefined;
const boundValues = (input: ExpressionInput) => Object.values(input?.ExpressionAttributeValues ?? {});
const namedAttributes = (input: ExpressionInput) => Object.values(input?.ExpressionAttributeNames ?? {});
const guarded = { ConditionExpression: expect.any(String) };

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
  // The completion after the transaction: the balance after the debit, as the user item recorded it.
  beforeEach(() => {
    mock.on(GetCommand).resolves({ Item: { 'pendingAfter_e-1': 30_000 } });
    mock.on(UpdateCommand).resolves({});
  });

  it('writes everything in one transaction: reservation, seat, hold entry, balance, payment, ledger, token, lock, room, record', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await expect(repository.pay(write)).resolves.toEqual({ kind: 'paid', balanceAfter: 30_000 });
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
      { pk: 'USER#u-1', sk: 'IDEMPOTENCY#k' },
    ]);
    // The reservation: HELD by this user and not past its deadline becomes CONFIRMED, out of the expiry index.
    expect(items[0]?.Update).toMatchObject(guarded);
    expect(boundValues(items[0]?.Update)).toEqual(expect.arrayContaining(['HELD', 'CONFIRMED', 'u-1', now]));
    expect(items[0]?.Update?.UpdateExpression).toContain('expiryPk');
    // The seat: HELD for this reservation becomes SOLD to this user.
    expect(items[1]?.Update).toMatchObject(guarded);
    expect(boundValues(items[1]?.Update)).toEqual(expect.arrayContaining(['HELD', 'SOLD', 'u-1', 'r-1']));
    // The user's hold entry of this reservation goes.
    expect(namedAttributes(items[2]?.Update)).toContain('r-1');
    // The balance: debited by the price only while it covers it (no upper bound: a balance a refund took over the cap
    // still pays); the balance after it and the ledger entry's key are kept on the user item for the completion.
    expect(items[3]?.Update).toMatchObject(guarded);
    expect(boundValues(items[3]?.Update)).toEqual(expect.arrayContaining([-50_000, 50_000, Number.MAX_SAFE_INTEGER, `LEDGER#${at}#e-1`]));
    expect(namedAttributes(items[3]?.Update)).toEqual(expect.arrayContaining(['pendingAfter_e-1', 'pendingLedgerSk_e-1']));
    expect(items[5]?.Put?.Item).not.toHaveProperty('balanceAfter');
    // The token: ACTIVE (as last seen) ends PAID; the room frees its slot.
    expect(boundValues(items[6]?.Update)).toEqual(expect.arrayContaining(['PAID', 'ACTIVE']));
    expect(boundValues(items[8]?.Update)).toContain(-1);
    expect(items[9]?.Put).toMatchObject({
      Item: {
        requestHash: 'h',
        statusCode: 201,
        response: '{"paymentId":"p-1","balance":null}',
        balanceEntryId: 'e-1',
        balanceLedgerSk: `LEDGER#${at}#e-1`,
        ttl: Math.floor(now / 1000) + 24 * 3600,
      },
      ...guarded,
    });
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
    ['the balance does not cover the price', { 3: { balance: 10 } }, { kind: 'insufficientBalance', balance: 10 }],
  ])('reports a transaction stopped because %s', async (_, reasons, outcome) => {
    mock.on(TransactWriteCommand).rejects(cancelled(reasons));
    await expect(repository.pay(write)).resolves.toEqual(outcome);
  });

  it('retries a transaction conflict itself: no condition depends on a value read before', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }))
      .resolves({});
    await expect(repository.pay(write)).resolves.toEqual({ kind: 'paid', balanceAfter: 30_000 });
    // The payment twice, then its completion.
    expect(mock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems?.length)).toEqual([10, 10, 2]);
  });

  it('completes the change after the transaction in one more: balanceAfter into the ledger entry and the pending attributes removed', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await repository.pay(write);
    const completion = mock.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems?.map((item) => item.Update);
    expect(completion?.map((update) => update?.Key)).toEqual([
      { pk: 'USER#u-1', sk: `LEDGER#${at}#e-1` },
      { pk: 'USER#u-1', sk: 'PROFILE' },
    ]);
    // The ledger entry gets the balance after the debit; the user item forgets the pending attributes.
    expect(boundValues(completion?.[0])).toEqual([30_000]);
    expect(completion?.[0]?.UpdateExpression).toContain('balanceAfter');
    expect(completion?.[1]?.UpdateExpression).toMatch(/^REMOVE /);
    expect(namedAttributes(completion?.[1])).toEqual(expect.arrayContaining(['pendingAfter_e-1', 'pendingLedgerSk_e-1']));
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('DynamoBalanceRepository.applyCharge', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoBalanceRepository(documentClient, 'table');
  const charge = {
    userId: 'u-1',
    entry: { entryId: 'e-1', userId: 'u-1', kind: 'CHARGE' as const, amount: 500, at },
    idempotency: write.idempotency && { ...write.idempotency, operation: { name: 'CHARGE', successStatus: 200 } as const },
    nowMs: now,
  };

  afterEach(() => mock.reset());
  beforeEach(() => {
    mock.on(GetCommand).resolves({ Item: { 'pendingAfter_e-1': 1_500 } });
    mock.on(UpdateCommand).resolves({});
  });

  it('adds from any balance under the cap, recording the balance after it, with the ledger entry and the record', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await expect(repository.applyCharge(charge)).resolves.toEqual({ kind: 'applied', balanceAfter: 1_500 });
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    // Added only while the balance stays under the cap (99,999,500 + 500); any balance from 0 may take it.
    expect(items[0]?.Update).toMatchObject(guarded);
    expect(boundValues(items[0]?.Update)).toEqual(expect.arrayContaining([500, 0, 99_999_500, `LEDGER#${at}#e-1`]));
    expect(items[1]?.Put?.Item).toMatchObject({ sk: `LEDGER#${at}#e-1`, kind: 'CHARGE', amount: 500 });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'IDEMPOTENCY#k', balanceEntryId: 'e-1' });
  });

  it.each([
    ['the cap would be passed', { 0: { balance: 99_999_501 } }, { kind: 'outOfBounds', balance: 99_999_501 }],
    ['there is no such user', { 0: true }, { kind: 'userNotFound' }],
    ['the record exists', { 0: { balance: 1_500 }, 2: true }, { kind: 'alreadyRecorded' }],
  ])('reports a transaction stopped because %s', async (_, reasons, outcome) => {
    mock.on(TransactWriteCommand).rejects(cancelled(reasons, 3));
    await expect(repository.applyCharge(charge)).resolves.toEqual(outcome);
  });
});
