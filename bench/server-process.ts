/**
 * The service under test, in its own process so that the load generator does not share its event loop:
 * forked by bench/lib/service-process.ts, it boots the local server against the benchmark's DynamoDB Local and
 * answers `sweep`, `hotKeys:start`, `hotKeys:report`, `deadlineGuards:report` and `stop` over the IPC channel.
 */
import { deadlineGuardCounts, observeFutureClients } from '../lambdas/adapters/dynamodb/client';
import { HotKeyCounter } from './lib/hot-keys';
import type { ServiceProcessConfig, ServiceProcessReply, ServiceProcessRequest } from './lib/service-process';

const send = (message: ServiceProcessReply): void => {
  process.send?.(message);
};

/** The SDK warns whenever its 50 sockets are all busy: expected under this load, and it would flood the output. */
const quietSocketWarnings = (): void => {
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('socket usage at capacity')) warn(...args);
  };
};

const main = async (): Promise<void> => {
  quietSocketWarnings();
  const config = JSON.parse(process.argv[2] ?? '{}') as ServiceProcessConfig;
  const counter = new HotKeyCounter();
  // Before the server imports any handler module: only clients created afterwards are observed.
  if (config.countHotKeys) observeFutureClients(counter.observe);
  const { startLocalServer } = await import('../local/server');
  const server = await startLocalServer({
    port: 0,
    dynamodbEndpoint: config.dynamodbEndpoint,
    tableName: config.tableName,
    dataDir: ':memory:',
    jwtSecret: config.jwtSecret,
    seedDemo: false,
    // On AWS the table stream costs a write nothing, but DynamoDB Local under heavy write load slows down several
    // times over with one (docs/benchmarks.md): the hold scenarios run without it (holds are then released by the
    // sweeper and lazily). The flash sales need it: admission is driven by it, not only by the sweeper.
    tableStream: config.tableStream,
    admissionIntervalSeconds: config.admissionIntervalSeconds,
    handlerEnv: config.handlerEnv,
    log: () => undefined,
  });

  // The benchmark that forked this process is gone (interrupted, crashed): do not outlive it.
  process.on('disconnect', () => {
    void server.stop().finally(() => process.exit(1));
  });
  process.on('message', (request: ServiceProcessRequest) => {
    const answer = async (): Promise<ServiceProcessReply> => {
      switch (request.type) {
        case 'sweep':
          await server.sweepNow();
          return { id: request.id, type: 'done' };
        case 'hotKeys:start':
          counter.start();
          return { id: request.id, type: 'done' };
        case 'hotKeys:report':
          counter.stop();
          return { id: request.id, type: 'hotKeys', report: counter.report() };
        case 'deadlineGuards:report':
          return { id: request.id, type: 'deadlineGuards', report: { ...deadlineGuardCounts } };
        case 'streamLag:report':
          return { id: request.id, type: 'streamLag', report: server.admissionEventsLag() };
        case 'stop':
          await server.stop();
          return { id: request.id, type: 'done' };
      }
    };
    answer().then(
      (reply) => {
        send(reply);
        // Handler modules keep SDK clients and timers alive; the process has served its purpose.
        if (request.type === 'stop') setTimeout(() => process.exit(0), 100);
      },
      (error: unknown) => send({ id: request.id, type: 'error', message: String((error as Error).stack ?? error) }),
    );
  });
  send({ id: 0, type: 'ready', url: server.url, tableName: server.tableName });
};

main().catch((error: unknown) => {
  console.error('bench service process failed to start', error);
  process.exit(1);
});
