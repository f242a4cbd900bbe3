import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { placedHoldDelivery } from '../lambdas/adapters/dynamodb/placed-holds-stream';
import { registerInProcessHoldReleaseConsumer } from '../lambdas/adapters/hold-release/in-process-hold-release-scheduler';
import { DynamoConcertRepository } from '../lambdas/adapters/dynamodb/concert-repository';
import { systemClock } from '../lambdas/adapters/system';
import { loadSettings } from '../lambdas/config';
import { queueTokenDelivery, changeWrittenAtMsOf } from '../lambdas/adapters/dynamodb/queue-token-stream';
import { registerInProcessTokenExpiryConsumer } from '../lambdas/adapters/token-expiry/in-process-token-expiry-scheduler';
import { jsonHeaders } from '../lambdas/handlers/http/error-response';
import { backgroundFunctions, httpRoutes } from '../lambdas/routes';
import { concertOverview } from '../lambdas/use-cases/concerts/concert-overview';
import { seedDemoConcert } from './demo-seed';
import type { DynamoDbLocal } from './dynamodb-local';
import { PortTakenError, ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { lambdaContext } from './api-gateway-event';
import type { LambdaHttpHandler } from './http-gateway';
import { answerClientError, createGateway } from './http-gateway';
import { resolveJwtSecret } from './jwt-secret';
import { enforceFunctionGrants, runAsFunction } from './function-roles';
import { concurrentInvocationsEnvironment, installInvokeStore, runInvocation } from './lambda-runtime';
import type { LocalServerOptions } from './server-options';
import { localServerOptionsFromEnv } from './server-options';
import { StartupError } from './startup-error';
import { describeConcerts, describeSettings } from './startup-report';
import { startSweeperSchedule } from './sweeper-schedule';
import type { StreamLag, TableStreamPoller } from './table-stream';
import { startTableStreamPoller } from './table-stream';
import { webAppRoute } from './web-app';
import { buildWebApp } from '../web/build';

export interface LocalServer {
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  /** Runs the sweeper once now (after any run in progress), as the schedule would. */
  sweepNow(): Promise<void>;
  /** How far behind the table the admission events ran (undefined without the table stream). */
  admissionEventsLag(): StreamLag | undefined;
  /** Stops the HTTP server, the sweeper schedule, the stream poller and the DynamoDB Local it started. Safe to call twice. */
  stop(): Promise<void>;
}

const handlersDirectory = join(__dirname, '..', 'lambdas', 'handlers');
const handlerModulePath = (name: string): string => join(handlersDirectory, `${name}.ts`);

/**
 * Handler modules read TABLE_NAME, DYNAMODB_ENDPOINT, JWT_SECRET... once, when first imported, and stay cached
 * for the life of the process. Remember the environment the first server set, so a second server with another
 * table fails loudly instead of silently serving the first one's table.
 */
let environmentOfLoadedHandlers: string | undefined;
const handlerCache = new Map<string, Promise<LambdaHttpHandler>>();

/** The module's handler, each call run as its own invocation (lambda-runtime.ts: logs labelled with their function). */
const loadHandler = (name: string): Promise<LambdaHttpHandler> => {
  let loading = handlerCache.get(name);
  if (!loading) {
    loading = import(handlerModulePath(name)).then((module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function') throw new Error(`lambdas/handlers/${name}.ts exports no handler`);
      const handler = module.handler as LambdaHttpHandler;
      return (event, context) => runInvocation(context.awsRequestId, () => runAsFunction(name, () => handler(event, context)));
    });
    handlerCache.set(name, loading);
    loading.catch(() => handlerCache.delete(name));
  }
  return loading;
};

/** A background function (stream or queue consumer) invoked as Lambda invokes it: with its own context. */
const invokeBackground = async <TEvent, TResult>(name: string, event: TEvent): Promise<TResult> => {
  const handler = (await loadHandler(name)) as unknown as (event: TEvent, context: Context) => Promise<TResult>;
  return handler(event, lambdaContext(name));
};

const openApiDocumentPath = join(__dirname, '..', 'docs', 'openapi.json');

/** GET /openapi.json: the committed contract document (README), read per request so regenerating it shows at once. */
const serveOpenApiDocument = async (method: string, rawPath: string): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
  if (method !== 'GET' || rawPath !== '/openapi.json') return undefined;
  try {
    return { statusCode: 200, headers: jsonHeaders, body: await readFile(openApiDocumentPath, 'utf8') };
  } catch {
    return undefined;
  }
};

/** Which setting a port comes from, and what a person can do when it is taken. */
interface PortUse {
  readonly variable: 'PORT' | 'DYNAMODB_PORT';
  readonly port: number;
  readonly alternative: string;
}

const portInUse = ({ variable, port, alternative }: PortUse, cause?: unknown): StartupError =>
  new StartupError(`${variable} ${port} is already in use (another npm start?): stop what listens there, or ${alternative}`, { cause });

const apiPortUse = (port: number): PortUse => ({ variable: 'PORT', port, alternative: `choose another port, e.g. PORT=${port + 1} npm start` });
const dynamodbPortUse = (port: number): PortUse => ({
  variable: 'DYNAMODB_PORT',
  port,
  alternative: `choose another, e.g. DYNAMODB_PORT=${port + 1} npm start, or set DYNAMODB_ENDPOINT=http://127.0.0.1:${port} to use the DynamoDB that listens there`,
});

/** Checked before anything starts, so a taken port is reported in a second, not after DynamoDB Local's start. */
const assertPortFree = (use: PortUse): Promise<void> =>
  new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(use, error) : error));
    probe.listen(use.port, '127.0.0.1', () => probe.close(() => resolvePort()));
  });

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolveListen, reject) => {
    // Taken since the check at start (DynamoDB Local can take half a minute): the same one-line answer.
    const failed = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(apiPortUse(port), error) : error);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolveListen((server.address() as AddressInfo).port);
    });
  });

/** Lets requests in progress finish, then cuts whatever keep-alive connection is still open. */
const close = (server: Server): Promise<void> =>
  new Promise((resolveClose) => {
    const cutOff = setTimeout(() => server.closeAllConnections(), 2_000);
    server.close(() => {
      clearTimeout(cutOff);
      resolveClose();
    });
    server.closeIdleConnections();
  });

const localSaleOpenerIntervalSeconds = 1;

/**
 * Serves every route of lambdas/routes.ts on node:http by invoking its Lambda handler with the API Gateway
 * HTTP API (payload 2.0) event, against DynamoDB Local, and runs the sweeper on a timer like EventBridge.
 * Options not given are read from the environment (see docs/local-development.md).
 */
export const startLocalServer = async (overrides: Partial<LocalServerOptions> = {}): Promise<LocalServer> => {
  const options: LocalServerOptions = { ...localServerOptionsFromEnv(), ...overrides };
  const { log } = options;
  // Every setting is checked before anything starts: a bad value is one line now, not a handler failing later.
  const settings = loadSettings({
    // The sale opener runs every second locally (every minute on AWS), so an opening is drawn on the dot.
    SALE_OPENER_INTERVAL_SECONDS: String(localSaleOpenerIntervalSeconds),
    ...process.env,
    ...options.handlerEnv,
    TABLE_NAME: options.tableName,
  });
  if (options.port !== 0) await assertPortFree(apiPortUse(options.port));
  let dynamo: DynamoDbLocal | undefined;
  if (!options.dynamodbEndpoint) {
    await assertPortFree(dynamodbPortUse(options.dynamodbPort));
    const where = options.dataDir === ':memory:' ? 'in memory (DATA_DIR=:memory:, nothing kept)' : `in ${resolve(options.dataDir)} (DATA_DIR)`;
    log(`Starting DynamoDB Local on port ${options.dynamodbPort} (every interface), data ${where}…`);
    const startedAt = Date.now();
    dynamo = await startDynamoDbLocal({
      port: options.dynamodbPort,
      dataDir: options.dataDir,
      onWaiting: (seconds) => log(`  still starting after ${seconds} s (Java; up to half a minute on a busy machine)`),
    }).catch((error: unknown) => {
      // Taken between the check above and the jar's bind.
      throw error instanceof PortTakenError ? portInUse(dynamodbPortUse(options.dynamodbPort), error) : error;
    });
    log(`DynamoDB Local ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  } else {
    log(`Using DynamoDB at ${options.dynamodbEndpoint} (DYNAMODB_ENDPOINT)`);
  }
  const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
  let outbox: TableStreamPoller | undefined;
  let admissionEvents: TableStreamPoller | undefined;
  const unregisterConsumers = () => {
    registerInProcessHoldReleaseConsumer(undefined);
    registerInProcessTokenExpiryConsumer(undefined);
  };
  try {
    await ensureTable(dynamodbEndpoint, options.tableName, { stream: options.tableStream });

    // Before any handler module is imported: they read these once, at load, and create their clients then.
    await installInvokeStore();
    enforceFunctionGrants();
    const handlerEnv = {
      ...concurrentInvocationsEnvironment,
      // EMF metric lines are for CloudWatch; on a laptop they only bury the logs. POWERTOOLS_METRICS_DISABLED=false shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      // What the settings line reports: the local default unless the environment sets it.
      SALE_OPENER_INTERVAL_SECONDS: String(settings.saleOpenerIntervalSeconds),
      ...options.handlerEnv,
      TABLE_NAME: options.tableName,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      JWT_SECRET: resolveJwtSecret(options.jwtSecret, options.dataDir),
    };
    const environment = JSON.stringify(Object.entries(handlerEnv).sort());
    if (environmentOfLoadedHandlers !== undefined && environmentOfLoadedHandlers !== environment) {
      throw new Error('handler modules of this process were loaded for another table or secret: start one local server configuration per process');
    }
    Object.assign(process.env, handlerEnv);
    environmentOfLoadedHandlers = environment;

    log(`Settings: ${describeSettings(settings)}`);

    const db = createDocumentClient({ endpoint: dynamodbEndpoint });
    try {
      if (options.seedDemo) {
        const seeded = await seedDemoConcert(db, options.tableName, Date.now());
        log(seeded ? `Seeded the demo concert ${seeded.concertId}` : 'Demo concert not seeded: the table already has concerts (SEED_DEMO=0 turns seeding off)');
      }
      const overview = await concertOverview({ concerts: new DynamoConcertRepository(db, options.tableName), clock: systemClock })();
      for (const line of describeConcerts(overview)) log(line);
    } finally {
      db.destroy();
    }

    // The hold-release outbox as on AWS: placed holds come off the table stream, filtered by the same pattern,
    // into the scheduler handler; its delayed releases go, in-process, to the consumer handler SQS invokes on AWS.
    registerInProcessHoldReleaseConsumer((event) => invokeBackground(backgroundFunctions.holdReleaseConsumer.handler, event));
    // Event-driven admission as on AWS: queue-token changes come off the same stream into queue-token-events, and
    // the ACTIVE expiries it schedules go, in-process, to the consumer handler SQS invokes on AWS.
    registerInProcessTokenExpiryConsumer((event) => invokeBackground(backgroundFunctions.tokenExpiryConsumer.handler, event));
    if (options.tableStream) {
      admissionEvents = await startTableStreamPoller({
        endpoint: dynamodbEndpoint,
        tableName: options.tableName,
        ...queueTokenDelivery,
        writtenAtMsOf: changeWrittenAtMsOf,
        consume: (event) => invokeBackground(backgroundFunctions.queueTokenEvents.handler, event),
        reportError: (message, error) => console.error(message, error ?? ''),
      });
      outbox = await startTableStreamPoller({
        endpoint: dynamodbEndpoint,
        tableName: options.tableName,
        ...placedHoldDelivery,
        consume: (event) => invokeBackground(backgroundFunctions.holdReleaseScheduler.handler, event),
        reportError: (message, error) => console.error(message, error ?? ''),
      });
    }

    // The fan web app, built in memory at start (esbuild, well under a second), served at / beside the API.
    const serveWebApp = webAppRoute(buildWebApp());
    const server = createServer(
      createGateway({
        routes: httpRoutes,
        loadHandler,
        extraRoute: async (method, rawPath) => serveWebApp(method, rawPath) ?? serveOpenApiDocument(method, rawPath),
        reportError: (message, error) => console.error(message, error),
        reportRequest: log,
      }),
    );
    server.on('clientError', answerClientError);
    // Idle keep-alive sockets are left for the client to close (undici, in the bench and the tests, after 4 s): a
    // server that closes them first (Node's default, 5 s) races a client reusing one on a busy box (ECONNRESET).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const port = await listen(server, options.port);

    const schedule = startSweeperSchedule({
      modulePath: handlerModulePath(backgroundFunctions.sweeper.handler),
      functionName: backgroundFunctions.sweeper.handler,
      intervalSeconds: options.admissionIntervalSeconds,
    });

    const saleOpener = startSweeperSchedule({
      modulePath: handlerModulePath(backgroundFunctions.saleOpener.handler),
      functionName: backgroundFunctions.saleOpener.handler,
      intervalSeconds: Number(handlerEnv.SALE_OPENER_INTERVAL_SECONDS),
    });

    const url = `http://127.0.0.1:${port}`;
    log(`Concert reservation API listening on ${url} (table ${options.tableName} at ${dynamodbEndpoint})`);
    log(`  try: curl ${url}/concerts   ·   the fan journey step by step: README.md   ·   stop: Ctrl-C`);
    let stopping: Promise<void> | undefined;
    return {
      url,
      tableName: options.tableName,
      dynamodbEndpoint,
      sweepNow: () => schedule.runNow(),
      admissionEventsLag: () => admissionEvents?.lag(),
      stop: () =>
        (stopping ??= (async () => {
          await close(server);
          await schedule.stop();
          await saleOpener.stop();
          await outbox?.stop();
          await admissionEvents?.stop();
          unregisterConsumers();
          await dynamo?.stop();
        })()),
    };
  } catch (error) {
    unregisterConsumers();
    try {
      await outbox?.stop();
      await admissionEvents?.stop();
    } finally {
      await dynamo?.stop();
    }
    throw error;
  }
};
