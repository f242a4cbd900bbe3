import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { encodeHoldReleaseMessage } from '../../../lambdas/adapters/hold-release/message';
import { releaseExpiredHoldHandler } from '../../../lambdas/handlers/release-expired-hold';
import type { HoldReleaseRequest } from '../../../lambdas/use-cases/reservations/ports';
import { releaseWhenDue } from '../../../lambdas/use-cases/reservations/release-when-due';
import { lambdaContext } from '../../../local/api-gateway-event';

const now = 1_700_000_000_000;
const clock = { now: () => now };

const record = (messageId: string, body: string): SQSRecord =>
  ({ messageId, body, receiptHandle: messageId, attributes: {}, messageAttributes: {}, eventSource: 'aws:sqs' }) as unknown as SQSRecord;
const eventOf = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const message = (reservationId: string, releaseAtMs = now) => encodeHoldReleaseMessage({ reservationId, releaseAtMs });

describe('release-expired-hold consumer', () => {
  it('reports only the records whose release failed, so SQS redelivers just those', async () => {
    const release = jest.fn(async (reservationId: string) => {
      if (reservationId === 'r-2') throw new Error('throttled');
      return true;
    });
    const handler = releaseExpiredHoldHandler(releaseWhenDue({ release, releases: { scheduleRelease: jest.fn() }, clock }));

    const result = await handler(eventOf(record('m-1', message('r-1')), record('m-2', message('r-2')), record('m-3', message('r-3'))), lambdaContext('release-expired-hold'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(release.mock.calls.map(([id]) => id).sort()).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('drops a malformed message instead of redelivering it forever', async () => {
    const release = jest.fn(async () => true);
    const handler = releaseExpiredHoldHandler(releaseWhenDue({ release, releases: { scheduleRelease: jest.fn() }, clock }));

    const result = await handler(eventOf(record('m-1', 'not json'), record('m-2', JSON.stringify({ reservationId: 'r-1' }))), lambdaContext('release-expired-hold'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(release).not.toHaveBeenCalled();
  });

  it('schedules an early message again for the rest of the wait instead of releasing or dropping it', async () => {
    const release = jest.fn(async () => true);
    const scheduled: HoldReleaseRequest[] = [];
    const releases = { scheduleRelease: async (request: HoldReleaseRequest) => void scheduled.push(request) };
    const handler = releaseExpiredHoldHandler(releaseWhenDue({ release, releases, clock }));

    const result = await handler(eventOf(record('m-1', message('r-1', now + 2_000))), lambdaContext('release-expired-hold'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(release).not.toHaveBeenCalled();
    expect(scheduled).toEqual([{ reservationId: 'r-1', releaseAtMs: now + 2_000 }]);
  });

  it('reports an early message as failed when it cannot be scheduled again, so SQS retries it later', async () => {
    const releases = {
      scheduleRelease: async () => {
        throw new Error('queue unreachable');
      },
    };
    const handler = releaseExpiredHoldHandler(releaseWhenDue({ release: jest.fn(), releases, clock }));

    const result = await handler(eventOf(record('m-1', message('r-1', now + 2_000))), lambdaContext('release-expired-hold'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('releases a message that arrives exactly at its time', async () => {
    const release = jest.fn(async () => true);
    const handler = releaseExpiredHoldHandler(releaseWhenDue({ release, releases: { scheduleRelease: jest.fn() }, clock }));

    await handler(eventOf(record('m-1', message('r-1', now))), lambdaContext('release-expired-hold'));

    expect(release).toHaveBeenCalledWith('r-1');
  });
});
