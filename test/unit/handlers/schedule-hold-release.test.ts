import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { placedHoldDelivery, placedHoldOf } from '../../../lambdas/adapters/dynamodb/placed-holds-stream';
import { scheduleHoldReleaseHandler } from '../../../lambdas/handlers/schedule-hold-release';
import type { Reservation } from '../../../lambdas/domain/reservation';
import { ReservationStatus } from '../../../lambdas/domain/reservation';
import type { HoldReleaseRequest } from '../../../lambdas/use-cases/reservations/ports';
import { matchesEventFilter } from '../../../local/event-filter';
import { logger } from '../../../lambdas/observability/logger';
import { lambdaContext } from '../../../local/api-gateway-event';
import { heldReservationItem } from '../../../lambdas/adapters/dynamodb/entities/reservation';

const now = 1_700_000_000_000;

const reservation = (reservationId: string): Reservation => ({
  reservationId,
  userId: 'u-1',
  concertId: 'c-1',
  date: '2030-01-01',
  seatNos: [7],
  price: 50_000,
  status: ReservationStatus.held,
  expiresAtMs: now + 300_000,
});

/** Stream images are in DynamoDB's attribute-value JSON, as Lambda delivers them. */
const attributeValues = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'number' ? { N: String(value) } : { S: String(value) }]));

let sequence = 0;
const streamRecord = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>): DynamoDBRecord => {
  sequence += 1;
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: String(sequence).padStart(21, '0'), NewImage: attributeValues(item) as never, StreamViewType: 'NEW_IMAGE' },
  };
};
const placed = (reservationId: string) => streamRecord('INSERT', heldReservationItem(reservation(reservationId), new Date(now).toISOString()));
const eventOf = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('placed holds on the table stream', () => {
  it('reads the reservation id and deadline of a newly inserted reservation', () => {
    expect(placedHoldOf(placed('r-1'))).toEqual({ reservationId: 'r-1', releaseAtMs: now + 300_000 });
  });

  it('ignores updates, deletions and other entities', () => {
    const item = heldReservationItem(reservation('r-1'), new Date(now).toISOString());
    expect(placedHoldOf(streamRecord('MODIFY', item))).toBeUndefined();
    expect(placedHoldOf(streamRecord('REMOVE', item))).toBeUndefined();
    expect(placedHoldOf(streamRecord('INSERT', { pk: 'USER#u-1', sk: 'PROFILE', entity: 'User' }))).toBeUndefined();
  });

  it('has an event filter that lets exactly the records through that placedHoldOf reads', () => {
    const item = heldReservationItem(reservation('r-1'), new Date(now).toISOString());
    const records = [
      placed('r-1'),
      streamRecord('MODIFY', item),
      streamRecord('REMOVE', item),
      streamRecord('INSERT', { pk: 'USER#u-1', sk: 'PROFILE', entity: 'User' }),
      streamRecord('INSERT', { pk: 'HEALTH', sk: 'HEALTH' }),
    ];
    for (const record of records) {
      expect(placedHoldDelivery.filterPatterns.some((pattern) => matchesEventFilter(pattern, record))).toBe(placedHoldOf(record) !== undefined);
    }
  });
});

describe('schedule-hold-release stream consumer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('schedules the release of every placed hold in the batch', async () => {
    const scheduled: HoldReleaseRequest[] = [];
    const handler = scheduleHoldReleaseHandler({ scheduleRelease: async (request) => void scheduled.push(request) });

    const result = await handler(eventOf(placed('r-1'), streamRecord('INSERT', { pk: 'HEALTH', sk: 'HEALTH' }), placed('r-2')), lambdaContext('schedule-hold-release'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(scheduled.map((request) => request.reservationId).sort()).toEqual(['r-1', 'r-2']);
  });

  it('reports the records it could not schedule, so Lambda retries the stream from the first of them', async () => {
    const failing = placed('r-2');
    const handler = scheduleHoldReleaseHandler({
      scheduleRelease: async (request) => {
        if (request.reservationId === 'r-2') throw new Error('queue unreachable');
      },
    });

    const result = await handler(eventOf(placed('r-1'), failing, placed('r-3')), lambdaContext('schedule-hold-release'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: failing.dynamodb!.SequenceNumber }] });
  });

  it('skips a reservation insert it cannot read, loudly, without failing the batch (a retry could not fix it)', async () => {
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const scheduleRelease = jest.fn(async () => undefined);
    const unreadable = streamRecord('INSERT', { pk: 'RESERVATION#r-9', sk: 'RESERVATION', entity: 'Reservation', reservationId: 'r-9' });

    const result = await scheduleHoldReleaseHandler({ scheduleRelease })(eventOf(unreadable), lambdaContext('schedule-hold-release'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(scheduleRelease).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/without a readable hold/), { sequenceNumber: unreadable.dynamodb!.SequenceNumber });
  });
});
