import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HotKeyReport } from './hot-keys';
import type { BenchTarget } from './target';

export interface ServiceProcessConfig {
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly jwtSecret: string;
  readonly admissionIntervalSeconds: number;
  /** Settings for the handlers (MAX_ACTIVE_TOKENS...): one set per process, as on Lambda. */
  readonly handlerEnv: Readonly<Record<string, string>>;
  readonly countHotKeys: boolean;
  /** Read the table stream (the outbox and event-driven admission), as deployed; off for the hold scenarios. */
  readonly tableStream: boolean;
}

export type ServiceProcessRequest = {
  readonly id: number;
  readonly type: 'sweep' | 'hotKeys:start' | 'hotKeys:report' | 'deadlineGuards:report' | 'streamLag:report' | 'stop';
};

/** How far behind the table the local stream poller delivered queue-token changes (local/table-stream.ts). */
export type StreamLagReport = { readonly delivered: number; readonly maxMs: number; readonly meanMs: number };

/** The deadline guard's counts in the service process (lambdas/adapters/dynamodb/client.ts). */
export type DeadlineGuardReport = { readonly writesStartedAfterAnswer: number; readonly callsRefusedAfterAnswer: number; readonly callsRefusedNearDeadline: number };

export type ServiceProcessReply =
  | { readonly id: number; readonly type: 'ready'; readonly url: string; readonly tableName: string }
  | { readonly id: number; readonly type: 'done' }
  | { readonly id: number; readonly type: 'hotKeys'; readonly report: HotKeyReport }
  | { readonly id: number; readonly type: 'deadlineGuards'; readonly report: DeadlineGuardReport }
  | { readonly id: number; readonly type: 'streamLag'; readonly report: StreamLagReport | undefined }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

export interface ServiceProcess extends BenchTarget {
  /** The service process's id (its CPU time is read from /proc by the hold scenarios). */
  readonly pid: number | undefined;
  /** What the deadline guard counted so far in the service process. */
  deadlineGuards(): Promise<DeadlineGuardReport>;
  /** The admission events' stream lag so far (undefined without the table stream). */
  streamLag(): Promise<StreamLagReport | undefined>;
  stop(): Promise<void>;
}

const serverScript = join(__dirname, '..', 'server-process.ts');

/**
 * Forks bench/server-process.ts (through tsx) with its own handler settings and a fresh table on the given
 * DynamoDB Local. Logs and EMF metrics are off: they would cost the service a stdout write per request.
 */
export const startServiceProcess = async (
  options: Omit<ServiceProcessConfig, 'tableName' | 'jwtSecret'> & { tableName?: string },
): Promise<ServiceProcess> => {
  const config: ServiceProcessConfig = { tableName: `bench-${randomUUID()}`, jwtSecret: `bench-${randomUUID()}`, ...options };
  const child: ChildProcess = fork(serverScript, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // The load scenarios measure the service, not the clients' proof of work (the pow scenario measures that).
      CHALLENGE_MAX_NUMBER: '0',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: ServiceProcessReply) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`service process exited (${code})`));
    pending.clear();
  });
  const ready = new Promise<{ url: string; tableName: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service process exited before it was ready (${code})`)));
    child.on('message', (reply: ServiceProcessReply) => {
      if (reply.type === 'ready') resolve(reply);
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.type === 'error') waiter.reject(new Error(reply.message));
      else waiter.resolve(reply);
    });
  });
  const ask = (type: ServiceProcessRequest['type']): Promise<ServiceProcessReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, type } satisfies ServiceProcessRequest);
    });

  const { url, tableName } = await ready;
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    url,
    tableName,
    dynamodbEndpoint: config.dynamodbEndpoint,
    sweepNow: async () => void (await ask('sweep')),
    deadlineGuards: async () => ((await ask('deadlineGuards:report')) as Extract<ServiceProcessReply, { type: 'deadlineGuards' }>).report,
    streamLag: async () => ((await ask('streamLag:report')) as Extract<ServiceProcessReply, { type: 'streamLag' }>).report,
    ...(config.countHotKeys
      ? {
          hotKeys: {
            start: async () => void (await ask('hotKeys:start')),
            report: async () => ((await ask('hotKeys:report')) as Extract<ServiceProcessReply, { type: 'hotKeys' }>).report,
          },
        }
      : {}),
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null) {
          // It exits by itself once stopped.
          await ask('stop').catch(() => undefined);
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
        }
      })()),
  };
};
