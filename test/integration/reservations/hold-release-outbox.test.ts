import type { DynamoDBRecord } from 'aws-lambda';
import { placedHoldDelivery } from '../../../lambdas/adapters/dynamodb/placed-holds-stream';
import { scheduleHoldReleaseHandler } from '../../../lambdas/handlers/schedule-hold-release';
import type { HoldReleaseRequest, HoldReleaseScheduler } from '../../../lambdas/use-cases/reservations/ports';
import { lambdaContext } from '../../../local/api-gateway-event';
import type { TableStreamPoller } from '../../../local/table-stream';
import { startTableStreamPoller } from '../../../local/table-stream';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { holdTtlMs, holdWorld, startMs } from './hold-fixtures';

const date = '2099-12-24';

const waitFor = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the stream');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * The hold-release outbox on a real DynamoDB Local stream: holds are placed through the use case, the local
 * event source mapping reads the stream with the event filter CDK deploys, and the real stream handler runs.
 */
describe('hold-release outbox over the DynamoDB Local table stream', () => {
  let table: TestTable;
  let poller: TableStreamPoller | undefined;
  const delivered: DynamoDBRecord[] = [];
  const scheduled: HoldReleaseRequest[] = [];
  let scheduler: HoldReleaseScheduler;
  const errors: string[] = [];

  beforeAll(async () => {
    table = await createTestTable({ stream: true });
    const handler = scheduleHoldReleaseHandler({ scheduleRelease: (request) => scheduler.scheduleRelease(request) });
    poller = await startTableStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      tableName: table.tableName,
      filterPatterns: placedHoldDelivery.filterPatterns,
      batchSize: placedHoldDelivery.batchSize,
      retryAttempts: 2,
      consume: async (event) => {
        delivered.push(...event.Records);
        return handler(event, lambdaContext('schedule-hold-release'));
      },
      reportError: (message) => void errors.push(message),
      intervalMs: 50,
    });
  });

  beforeEach(() => {
    delivered.length = 0;
    scheduled.length = 0;
    errors.length = 0;
    scheduler = { scheduleRelease: async (request) => void scheduled.push(request) };
  });

  afterAll(async () => {
    await poller?.stop();
  });

  it('schedules the release of every placed hold at its deadline, and nothing for any other write', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(10);
    const users = await world.newUsers(5);

    const holds = await Promise.all(users.map((userId, index) => world.hold({ userId, concertId, date, seatNo: index + 1 })));
    await world.cancel({ userId: users[0]!, reservationId: holds[0]!.reservationId });

    await waitFor(() => scheduled.length >= holds.length);
    expect(scheduled.sort((a, b) => a.reservationId.localeCompare(b.reservationId))).toEqual(
      holds.map(({ reservationId }) => ({ reservationId, releaseAtMs: startMs + holdTtlMs })).sort((a, b) => a.reservationId.localeCompare(b.reservationId)),
    );
    // Concert, users, seats, counters and the cancellation were written too: the filter kept them all out.
    expect(delivered.every((record) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === 'Reservation')).toBe(true);
    expect(delivered).toHaveLength(holds.length);
  });

  it('delivers a record again when scheduling its release failed, until it succeeds', async () => {
    let failuresLeft = 1;
    scheduler = {
      scheduleRelease: async (request) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('queue unreachable');
        }
        scheduled.push(request);
      },
    };
    const world = holdWorld(table);
    const concertId = await world.newConcert(1);
    const [userId] = (await world.newUsers(1)) as [string];

    const { reservationId } = await world.hold({ userId, concertId, date, seatNo: 1 });

    await waitFor(() => scheduled.length === 1);
    expect(scheduled).toEqual([{ reservationId, releaseAtMs: startMs + holdTtlMs }]);
    expect(delivered.filter((record) => record.dynamodb?.NewImage?.reservationId?.S === reservationId)).toHaveLength(2);
  });

  it('gives a record up alone after its retries (three deliveries here), as Lambda does, and reads on', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(2);
    const [first, second] = (await world.newUsers(2)) as [string, string];
    // Every send fails until the poller reports giving up, so the one record in flight is the held seat 1.
    scheduler = {
      scheduleRelease: async (request) => {
        if (errors.length === 0) throw new Error('queue unreachable');
        scheduled.push(request);
      },
    };
    const doomed = await world.hold({ userId: first, concertId, date, seatNo: 1 });
    const doomedSequenceNumber = () => delivered.find((record) => record.dynamodb?.NewImage?.reservationId?.S === doomed.reservationId)?.dynamodb?.SequenceNumber;

    await waitFor(() => errors.length === 1);
    const next = await world.hold({ userId: second, concertId, date, seatNo: 2 });
    await waitFor(() => scheduled.length === 1);

    expect(errors).toEqual([`dropping stream record ${doomedSequenceNumber()} after 3 failed deliveries`]);
    expect(delivered.filter((record) => record.dynamodb?.NewImage?.reservationId?.S === doomed.reservationId)).toHaveLength(3);
    expect(scheduled).toEqual([{ reservationId: next.reservationId, releaseAtMs: startMs + holdTtlMs }]);
  });
});
