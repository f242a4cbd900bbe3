import { SQSClient } from '@aws-sdk/client-sqs';
import type { TokenExpiryScheduler } from '../../use-cases/admission/ports';
import type { Clock } from '../../use-cases/ports';
import { systemClock } from '../system';
import { InProcessTokenExpiryScheduler } from './in-process-token-expiry-scheduler';
import { SqsTokenExpiryScheduler } from './sqs-token-expiry-scheduler';

/** SQS when TOKEN_EXPIRY_QUEUE_URL is set (AWS), otherwise in-process timers (local server, tests). */
export const selectTokenExpiryScheduler = (env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): TokenExpiryScheduler => {
  const queueUrl = env.TOKEN_EXPIRY_QUEUE_URL;
  return queueUrl ? new SqsTokenExpiryScheduler(new SQSClient({}), queueUrl, clock) : new InProcessTokenExpiryScheduler(clock);
};
