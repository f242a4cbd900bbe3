import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { inProcessSqsEvent } from '../in-process-sqs-event';
import { logger } from '../../observability/logger';
import type { Clock } from '../../use-cases/ports';
import type { HoldReleaseRequest, HoldReleaseScheduler } from '../../use-cases/reservations/ports';
import { deliveryDelaySeconds, encodeHoldReleaseMessage } from './message';

export type HoldReleaseConsumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

let registeredConsumer: HoldReleaseConsumer | undefined;

/**
 * The local server registers the real consumer handler (release-expired-hold) when it starts. Registering it,
 * rather than importing the handler here, keeps the consumer out of the Lambda bundles that carry this adapter
 * (schedule-hold-release and release-expired-hold), where it is never used: on AWS the SQS adapter is.
 */
export const registerInProcessHoldReleaseConsumer = (consumer: HoldReleaseConsumer | undefined): void => {
  registeredConsumer = consumer;
};

const registeredHoldReleaseConsumer: HoldReleaseConsumer = async (event) => {
  if (!registeredConsumer) throw new Error('no in-process hold-release consumer is registered');
  return registeredConsumer(event);
};

/**
 * Delayed release for the local server and tests: a timer per hold that hands the SAME consumer handler an
 * SQS event, with the same 15-minute delay cap. Timers are unref'd so they never keep the process alive; a
 * release lost on shutdown is left to the sweeper, as on AWS.
 */
export class InProcessHoldReleaseScheduler implements HoldReleaseScheduler {
  public constructor(
    private readonly clock: Clock,
    private readonly consume: HoldReleaseConsumer = registeredHoldReleaseConsumer,
  ) {}

  public async scheduleRelease(request: HoldReleaseRequest): Promise<void> {
    const delayMs = deliveryDelaySeconds(request.releaseAtMs, this.clock.now()) * 1000;
    setTimeout(() => void this.deliver(request), delayMs).unref();
  }

  private async deliver(request: HoldReleaseRequest): Promise<void> {
    try {
      const { batchItemFailures } = await this.consume(inProcessSqsEvent(encodeHoldReleaseMessage(request), 'hold-releases', this.clock.now()));
      if (batchItemFailures.length > 0) logger.warn('in-process hold release failed; the sweeper will retry', { ...request });
    } catch (error) {
      logger.warn('in-process hold release failed; the sweeper will retry', { ...request, error: error as Error });
    }
  }
}
