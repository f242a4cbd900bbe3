import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock } from '../system';
import type { Clock } from '../../use-cases/ports';
import type { HoldReleaseScheduler } from '../../use-cases/reservations/ports';
import { InProcessHoldReleaseScheduler } from './in-process-hold-release-scheduler';
import { SqsHoldReleaseScheduler } from './sqs-hold-release-scheduler';

/** SQS when HOLD_RELEASE_QUEUE_URL is set (AWS), otherwise in-process timers (local server, tests). */
export const selectHoldReleaseScheduler = (env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): HoldReleaseScheduler => {
  const queueUrl = env.HOLD_RELEASE_QUEUE_URL;
  return queueUrl ? new SqsHoldReleaseScheduler(new SQSClient({}), queueUrl, clock) : new InProcessHoldReleaseScheduler(clock);
};
