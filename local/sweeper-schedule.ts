import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { lambdaContext } from './api-gateway-event';
import { runAsFunction } from './function-roles';
import { runInvocation } from './lambda-runtime';

type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface SweeperSchedule {
  /** Waits for a run in progress, then runs the sweeper once more; rejects if that run fails. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** The event an EventBridge schedule rule hands the sweeper on AWS. */
export const scheduledEvent = (now = new Date()): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: now.toISOString(),
  region: 'local',
  resources: ['arn:aws:events:local:000000000000:rule/sweeper'],
  detail: {},
});

/**
 * Invokes the sweeper handler module every `intervalSeconds` (0: never by itself), as the EventBridge rule
 * does on AWS. The module is imported on first use, after the server has set the environment. A tick that
 * finds the previous run still going is skipped, so runs never overlap.
 */
export const startSweeperSchedule = (options: {
  modulePath: string;
  functionName: string;
  intervalSeconds: number;
}): SweeperSchedule => {
  let inFlight: Promise<void> | undefined;

  const invoke = async (): Promise<void> => {
    const module = (await import(options.modulePath)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${options.modulePath} exports no handler`);
    const context = lambdaContext(options.functionName);
    await runInvocation(context.awsRequestId, () => runAsFunction(options.functionName, () => (module.handler as ScheduledHandler)(scheduledEvent(), context)));
  };

  const run = (): Promise<void> => {
    const current = invoke().finally(() => {
      if (inFlight === current) inFlight = undefined;
    });
    inFlight = current;
    return current;
  };

  const timer =
    options.intervalSeconds > 0
      ? setInterval(() => {
          if (inFlight) return;
          run().catch((error: unknown) => console.error('sweeper run failed', error));
        }, options.intervalSeconds * 1000)
      : undefined;

  const settled = async (): Promise<void> => {
    await inFlight?.catch(() => undefined);
  };

  return {
    runNow: async () => {
      await settled();
      await run();
    },
    stop: async () => {
      clearInterval(timer);
      await settled();
    },
  };
};
