import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { InProcessHoldReleaseScheduler, registerInProcessHoldReleaseConsumer } from '../../../../lambdas/adapters/hold-release/in-process-hold-release-scheduler';
import { decodeHoldReleaseMessage, deliveryDelaySeconds } from '../../../../lambdas/adapters/hold-release/message';
import { selectHoldReleaseScheduler } from '../../../../lambdas/adapters/hold-release/select-hold-release-scheduler';
import { SqsHoldReleaseScheduler } from '../../../../lambdas/adapters/hold-release/sqs-hold-release-scheduler';

const now = 1_700_000_000_000;
const clock = { now: () => now };
const queueUrl = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/hold-releases';

describe('deliveryDelaySeconds', () => {
  it('rounds up so that a release is never delivered early by rounding', () => {
    expect(deliveryDelaySeconds(now + 300_000, now)).toBe(300);
    expect(deliveryDelaySeconds(now + 1, now)).toBe(1);
  });

  it('is capped at the 15 minutes SQS allows and never negative', () => {
    expect(deliveryDelaySeconds(now + 3_600_000, now)).toBe(900);
    expect(deliveryDelaySeconds(now - 5_000, now)).toBe(0);
  });
});

describe('SqsHoldReleaseScheduler', () => {
  const sqs = new SQSClient({ region: 'local' });
  const mock = mockClient(sqs);

  afterEach(() => mock.reset());

  it('sends one message to the queue, delayed until the hold expires', async () => {
    mock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await new SqsHoldReleaseScheduler(sqs, queueUrl, clock).scheduleRelease({ reservationId: 'r-1', releaseAtMs: now + 300_000 });
    const input = mock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(queueUrl);
    expect(input?.DelaySeconds).toBe(300);
    expect(decodeHoldReleaseMessage(input?.MessageBody ?? '')).toEqual({ reservationId: 'r-1', releaseAtMs: now + 300_000 });
  });

  it('caps the delay at 900 seconds for holds longer than SQS can delay', async () => {
    mock.on(SendMessageCommand).resolves({});
    await new SqsHoldReleaseScheduler(sqs, queueUrl, clock).scheduleRelease({ reservationId: 'r-1', releaseAtMs: now + 1_200_000 });
    expect(mock.commandCalls(SendMessageCommand)[0]?.args[0].input.DelaySeconds).toBe(900);
  });

  it('lets a failed send surface to the caller, which decides what a failure means', async () => {
    mock.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    await expect(
      new SqsHoldReleaseScheduler(sqs, queueUrl, clock).scheduleRelease({ reservationId: 'r-1', releaseAtMs: now + 1_000 }),
    ).rejects.toThrow('AccessDenied');
  });
});

describe('InProcessHoldReleaseScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands the consumer an SQS event for the reservation once the hold expires', async () => {
    const events: SQSEvent[] = [];
    const consume = jest.fn(async (event: SQSEvent) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    await new InProcessHoldReleaseScheduler(clock, consume).scheduleRelease({ reservationId: 'r-1', releaseAtMs: now + 300_000 });

    await jest.advanceTimersByTimeAsync(299_999);
    expect(consume).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(consume).toHaveBeenCalledTimes(1);
    const record = events[0]?.Records[0];
    expect(record?.eventSource).toBe('aws:sqs');
    expect(decodeHoldReleaseMessage(record?.body ?? '')).toEqual({ reservationId: 'r-1', releaseAtMs: now + 300_000 });
  });

  it('delivers to the consumer the local server registered', async () => {
    const consume = jest.fn(async () => ({ batchItemFailures: [] }));
    registerInProcessHoldReleaseConsumer(consume);
    try {
      await new InProcessHoldReleaseScheduler(clock).scheduleRelease({ reservationId: 'r-2', releaseAtMs: now });
      await jest.advanceTimersByTimeAsync(0);
      expect(consume).toHaveBeenCalledTimes(1);
    } finally {
      registerInProcessHoldReleaseConsumer(undefined);
    }
  });

  it('leaves the release to the sweeper when no consumer is registered', async () => {
    await new InProcessHoldReleaseScheduler(clock).scheduleRelease({ reservationId: 'r-3', releaseAtMs: now });
    await expect(jest.advanceTimersByTimeAsync(0)).resolves.toBeUndefined();
  });

  it('survives a consumer that throws: the sweeper is the safety net', async () => {
    const consume = jest.fn(async () => {
      throw new Error('table unreachable');
    });
    await new InProcessHoldReleaseScheduler(clock, consume).scheduleRelease({ reservationId: 'r-1', releaseAtMs: now });
    await jest.advanceTimersByTimeAsync(0);
    expect(consume).toHaveBeenCalledTimes(1);
  });
});

describe('selectHoldReleaseScheduler', () => {
  it('uses SQS when HOLD_RELEASE_QUEUE_URL is set', () => {
    expect(selectHoldReleaseScheduler({ HOLD_RELEASE_QUEUE_URL: queueUrl }, clock)).toBeInstanceOf(SqsHoldReleaseScheduler);
  });

  it('uses in-process timers otherwise', () => {
    expect(selectHoldReleaseScheduler({}, clock)).toBeInstanceOf(InProcessHoldReleaseScheduler);
    expect(selectHoldReleaseScheduler({ HOLD_RELEASE_QUEUE_URL: '' }, clock)).toBeInstanceOf(InProcessHoldReleaseScheduler);
  });
});
