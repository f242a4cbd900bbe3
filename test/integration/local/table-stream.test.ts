import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { placedHoldDelivery } from '../../../lambdas/adapters/dynamodb/placed-holds-stream';
import { reservationEntity, reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { ensureTable } from '../../../local/dynamodb-local';
import type { TableStreamPoller } from '../../../local/table-stream';
import { startTableStreamPoller } from '../../../local/table-stream';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const endpoint = (): string => process.env.DYNAMODB_ENDPOINT!;

const waitFor = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the stream');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const reservationIdOf = (record: DynamoDBRecord): string | undefined => record.dynamodb?.NewImage?.reservationId?.S;

/** The local stand-in for Lambda's event source mapping, on a real DynamoDB Local stream, with a scripted consumer. */
describe('local table-stream poller', () => {
  let table: TestTable;
  let poller: TableStreamPoller | undefined;
  const deliveries: string[][] = [];
  const errors: string[] = [];
  let respond: (event: DynamoDBStreamEvent) => DynamoDBBatchResponse;

  const putReservation = (reservationId: string) =>
    table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...reservationKey(reservationId), entity: reservationEntity, reservationId } }));
  const deliveredCount = (reservationId: string) => deliveries.filter((batch) => batch.includes(reservationId)).length;

  beforeAll(async () => {
    table = await createTestTable({ stream: true });
    poller = await startTableStreamPoller({
      endpoint: endpoint(),
      tableName: table.tableName,
      ...placedHoldDelivery,
      retryAttempts: 2,
      intervalMs: 25,
      consume: async (event) => {
        deliveries.push(event.Records.map((record) => reservationIdOf(record) ?? ''));
        return respond(event);
      },
      reportError: (message) => void errors.push(message),
    });
  });

  beforeEach(() => {
    deliveries.length = 0;
    errors.length = 0;
    respond = () => ({ batchItemFailures: [] });
  });

  afterAll(async () => {
    await poller?.stop();
  });

  it('hands a read of more records than a batch over in batches of at most batchSize, each record once, in stream order', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => `many-${String(index).padStart(3, '0')}`);
    // Written faster than one batch per poll: 25 transactions of 10 records each.
    for (let start = 0; start < ids.length; start += 10) {
      await table.db.send(
        new TransactWriteCommand({
          TransactItems: ids.slice(start, start + 10).map((reservationId) => ({
            Put: { TableName: table.tableName, Item: { ...reservationKey(reservationId), entity: reservationEntity, reservationId } },
          })),
        }),
      );
    }

    await waitFor(() => deliveries.flat().filter((id) => id.startsWith('many-')).length >= ids.length, 30_000);

    expect(Math.max(...deliveries.map((batch) => batch.length))).toBeLessThanOrEqual(placedHoldDelivery.batchSize);
    expect(deliveries.flat().filter((id) => id.startsWith('many-'))).toEqual(ids);
    expect(poller!.lag().delivered).toBeGreaterThanOrEqual(ids.length);
    expect(errors).toEqual([]);
  });

  it("measures a record's age from the time the item says it was written, when told how to read it", async () => {
    // DynamoDB Local rounds a record's creation time down to the minute: an age from it would be under 60 s here.
    const writtenAtMs = Date.now() - 100_000;
    const timed = await startTableStreamPoller({
      endpoint: endpoint(),
      tableName: table.tableName,
      ...placedHoldDelivery,
      intervalMs: 25,
      writtenAtMsOf: (record) => Number(record.dynamodb?.NewImage?.writtenAt?.N),
      consume: async () => ({ batchItemFailures: [] }),
      reportError: (message) => void errors.push(message),
    });
    try {
      await table.db.send(
        new PutCommand({ TableName: table.tableName, Item: { ...reservationKey('timed'), entity: reservationEntity, reservationId: 'timed', writtenAt: writtenAtMs } }),
      );
      await waitFor(() => timed.lag().delivered >= 1, 30_000);
      expect(timed.lag().maxMs).toBeGreaterThanOrEqual(100_000);
    } finally {
      await timed.stop();
    }
  });

  it('delivers again from the first failed record only: the records before it are not repeated', async () => {
    let failed = false;
    respond = (event) => {
      const second = event.Records.find((record) => reservationIdOf(record) === 'partial-2');
      if (failed || !second) return { batchItemFailures: [] };
      failed = true;
      return { batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber! }] };
    };
    // One transaction: the three records reach the stream together, so they arrive in one batch.
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: ['partial-1', 'partial-2', 'partial-3'].map((reservationId) => ({
          Put: { TableName: table.tableName, Item: { ...reservationKey(reservationId), entity: reservationEntity, reservationId } },
        })),
      }),
    );

    await waitFor(() => deliveredCount('partial-2') === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const failedBatch = deliveries.find((batch) => batch.includes('partial-2'))!;
    const failedAt = failedBatch.indexOf('partial-2');
    for (const id of failedBatch.slice(0, failedAt)) expect({ id, deliveries: deliveredCount(id) }).toEqual({ id, deliveries: 1 });
    for (const id of failedBatch.slice(failedAt)) expect({ id, deliveries: deliveredCount(id) }).toEqual({ id, deliveries: 2 });
    expect(errors).toEqual([]);
  });

  it('counts a consumer that throws as a failed delivery of the whole batch, and delivers it again', async () => {
    let thrown = false;
    respond = (event) => {
      if (thrown || !event.Records.some((record) => reservationIdOf(record) === 'thrown-1')) return { batchItemFailures: [] };
      thrown = true;
      throw new Error('handler crashed');
    };
    await putReservation('thrown-1');

    await waitFor(() => deliveredCount('thrown-1') === 2);

    expect(errors).toEqual(['the stream consumer failed; the batch will be delivered again']);
  });

  it('treats a failure that names no record of the batch as a failure of all of it, as Lambda does', async () => {
    let refused = false;
    respond = (event) => {
      if (refused || !event.Records.some((record) => reservationIdOf(record) === 'unnamed-1')) return { batchItemFailures: [] };
      refused = true;
      return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
    };
    await putReservation('unnamed-1');

    await waitFor(() => deliveredCount('unnamed-1') === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(deliveredCount('unnamed-1')).toBe(2);
  });
});

describe('startTableStreamPoller refusals', () => {
  const noop = { ...placedHoldDelivery, consume: async () => ({ batchItemFailures: [] }), reportError: () => undefined };

  it('refuses a table without a stream', async () => {
    const table = await createTestTable();
    await expect(startTableStreamPoller({ endpoint: endpoint(), tableName: table.tableName, ...noop })).rejects.toThrow(/has no stream/);
  });

  it('refuses a filter rule it does not implement before reading anything', async () => {
    const table = await createTestTable({ stream: true });
    const filterPattern = { eventName: [{ prefix: 'INS' }] } as unknown as typeof placedHoldDelivery.filterPatterns[number];
    await expect(startTableStreamPoller({ endpoint: endpoint(), tableName: table.tableName, ...noop, filterPatterns: [filterPattern] })).rejects.toThrow(
      /unsupported event filter rule on eventName/,
    );
  });
});

describe('ensureTable', () => {
  it('gives a table kept from before the stream existed its stream, and leaves it when asked for none', async () => {
    const table = await createTestTable();
    const describe = async () => (await table.db.send(new DescribeTableCommand({ TableName: table.tableName }))).Table?.StreamSpecification;
    expect(await describe()).toBeUndefined();

    await ensureTable(endpoint(), table.tableName);
    expect(await describe()).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });

    await ensureTable(endpoint(), table.tableName, { stream: false });
    expect(await describe()).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });
});
