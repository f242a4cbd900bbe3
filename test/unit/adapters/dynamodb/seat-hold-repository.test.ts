import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoSeatHoldRepository } from '../../../../lambdas/adapters/dynamodb/seat-hold-repository';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import type { Reservation } from '../../../../lambdas/domain/reservation';
import { ReservationStatus } from '../../../../lambdas/domain/reservation';

const now = 1_700_000_000_000;
const reservation: Reservation = {
  reservationId: 'r-new',
  userId: 'u-1',
  concertId: 'c-1',
  date: '2099-12-24',
  seatNos: [7],
  price: 50_000,
  status: ReservationStatus.held,
  expiresAtMs: now + 300_000,
};

/** Cancellation reasons by transaction item: seat, reservation, user date seats. */
const cancelled = (...reasons: ({ code: string; item?: Record<string, unknown> } | undefined)[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: reasons.map((reason) =>
      reason ? { Code: reason.code, ...(reason.item ? { Item: marshall(reason.item) } : {}) } : { Code: 'None' },
    ),
  });
const conditionFailed = (item?: Record<string, unknown>) => ({ code: 'ConditionalCheckFailed', ...(item ? { item } : {}) });

describe('DynamoSeatHoldRepository.hold', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoSeatHoldRepository(documentClient, 'table');
  const hold = () => repository.hold({ reservation, maxSeatsPerUser: 4, userDateSeatsExists: true, nowMs: now });

  afterEach(() => mock.reset());

  it('writes seat, reservation and the user counter in one transaction, in that order', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await expect(hold()).resolves.toEqual({ kind: 'held' });
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key ?? { pk: item.Put?.Item?.pk, sk: item.Put?.Item?.sk })).toEqual([
      { pk: 'SEATS#c-1#2099-12-24', sk: 'SEAT#0007' },
      { pk: 'RESERVATION#r-new', sk: 'RESERVATION' },
      { pk: 'USER#u-1', sk: 'SEATS#c-1#2099-12-24' },
    ]);
    expect(items[1]?.Put?.Item).toMatchObject({ entity: 'Reservation', status: 'HELD', expiresAt: now + 300_000 });
    expect(items[1]?.Put?.Item?.expiryPk).toMatch(/^EXPIRY#([0-9]|1[0-5])$/);
  });

  it('reports the seat whose condition failed as taken', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(conditionFailed({ status: 'SOLD' }), undefined, undefined));
    await expect(hold()).resolves.toEqual({ kind: 'seatTaken', seatNo: 7 });
  });

  it('reports the taken seat first when the seat and the counter both fail', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(conditionFailed(), undefined, conditionFailed({ count: 4, holds: {} })));
    await expect(hold()).resolves.toEqual({ kind: 'seatTaken', seatNo: 7 });
  });

  it('reports a failed counter condition with the counter it found, deciding nothing about the limit', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(undefined, undefined, conditionFailed({ count: 4, holds: { a: now + 1 } })));
    await expect(hold()).resolves.toEqual({ kind: 'userDateSeatsChanged', userDateSeats: { count: 4, holds: { a: now + 1 } } });
  });

  it('reports a counter that a concurrent first hold created', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(undefined, undefined, conditionFailed({ count: 1, holds: { a: now + 1 } })));
    await expect(repository.hold({ reservation, maxSeatsPerUser: 4, userDateSeatsExists: false, nowMs: now })).resolves.toMatchObject({
      kind: 'userDateSeatsChanged',
    });
  });

  it('never treats a reservation id collision as a seat error', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(undefined, conditionFailed(), undefined));
    await expect(hold()).rejects.toThrow('reservation id collision');
  });

  it('ends in 503 when transaction conflicts outlive the retry budget', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled({ code: 'TransactionConflict' }, undefined, undefined));
    await expect(hold()).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});

describe('DynamoSeatHoldRepository.endHold', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoSeatHoldRepository(documentClient, 'table');

  afterEach(() => mock.reset());

  it('leaves the seat out of the transaction when it moved on', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await repository.endHold({ reservation, ending: 'EXPIRED', releaseSeatNos: [], nowMs: now });
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key?.sk)).toEqual(['RESERVATION', 'SEATS#c-1#2099-12-24']);
  });

  it('reports a failed condition as stale, for the caller to read again', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(conditionFailed({ status: 'EXPIRED' }), undefined, undefined));
    await expect(repository.endHold({ reservation, ending: 'EXPIRED', releaseSeatNos: [7], nowMs: now })).resolves.toBe('stale');
  });
});
