import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Clock } from '../../use-cases/ports';
import type { HoldReleaseRequest, HoldReleaseScheduler } from '../../use-cases/reservations/ports';
import { deliveryDelaySeconds, encodeHoldReleaseMessage } from './message';

/** Delayed release on AWS: one SQS message per hold, delivered to release-expired-hold when the hold expires. */
export class SqsHoldReleaseScheduler implements HoldReleaseScheduler {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: Clock,
  ) {}

  public async scheduleRelease(request: HoldReleaseRequest): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeHoldReleaseMessage(request),
        DelaySeconds: deliveryDelaySeconds(request.releaseAtMs, this.clock.now()),
      }),
    );
  }
}
