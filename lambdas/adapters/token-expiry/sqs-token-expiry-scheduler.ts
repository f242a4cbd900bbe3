import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { TokenExpiryRequest, TokenExpiryScheduler } from '../../use-cases/admission/ports';
import type { Clock } from '../../use-cases/ports';
import { encodeTokenExpiryMessage, expiryDelaySeconds } from './message';

/** ACTIVE expiry on AWS: one delayed SQS message per admitted token, delivered to expire-active-token. */
export class SqsTokenExpiryScheduler implements TokenExpiryScheduler {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: Clock,
  ) {}

  public async scheduleExpiry(request: TokenExpiryRequest): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeTokenExpiryMessage(request),
        DelaySeconds: expiryDelaySeconds(request.expireAtMs, this.clock.now()),
      }),
    );
  }
}
