import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { inProcessSqsEvent } from '../in-process-sqs-event';
import { logger } from '../../observability/logger';
import type { TokenExpiryRequest, TokenExpiryScheduler } from '../../use-cases/admission/ports';
import type { Clock } from '../../use-cases/ports';
import { encodeTokenExpiryMessage } from './message';

export type TokenExpiryConsumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

let registeredConsumer: TokenExpiryConsumer | undefined;

/**
 * The local server registers the real consumer handler (expire-active-token) when it starts; registering it rather
 * than importing it keeps the consumer out of the Lambda bundles that carry this adapter, where SQS is used instead.
 */
export const registerInProcessTokenExpiryConsumer = (consumer: TokenExpiryConsumer | undefined): void => {
  registeredConsumer = consumer;
};

/**
 * ACTIVE expiry for the local server and tests: an unref'd timer per admitted token that hands the SAME consumer
 * handler an SQS event at the deadline (capped like SQS at 15 minutes; an early arrival is scheduled again). An
 * expiry lost on shutdown is left to the sweeper, as on AWS.
 */
export class InProcessTokenExpiryScheduler implements TokenExpiryScheduler {
  public constructor(private readonly clock: Clock) {}

  public async scheduleExpiry(request: TokenExpiryRequest): Promise<void> {
    const delayMs = Math.min(900_000, Math.max(0, request.expireAtMs - this.clock.now()));
    setTimeout(() => void this.deliver(request), delayMs).unref();
  }

  private async deliver(request: TokenExpiryRequest): Promise<void> {
    try {
      if (!registeredConsumer) throw new Error('no in-process token-expiry consumer is registered');
      const { batchItemFailures } = await registeredConsumer(inProcessSqsEvent(encodeTokenExpiryMessage(request), 'token-expiries', this.clock.now()));
      if (batchItemFailures.length > 0) logger.warn('in-process token expiry failed; the sweeper will expire it', { ...request });
    } catch (error) {
      logger.warn('in-process token expiry failed; the sweeper will expire it', { ...request, error: error as Error });
    }
  }
}
