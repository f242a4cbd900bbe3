import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';

/**
 * What SQS would deliver for one message body: the in-process schedulers hand this to the real consumer handler,
 * which cannot tell the difference.
 */
export const inProcessSqsEvent = (body: string, queueName: string, nowMs: number): SQSEvent => ({
  Records: [
    {
      messageId: randomUUID(),
      receiptHandle: 'in-process',
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(nowMs),
        SenderId: 'in-process',
        ApproximateFirstReceiveTimestamp: String(nowMs),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
      awsRegion: 'local',
    },
  ],
});
