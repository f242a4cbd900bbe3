import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { placedHoldDelivery } from '../lambdas/adapters/dynamodb/placed-holds-stream';
import type { HoldReleaseConsumer } from '../lambdas/adapters/hold-release/in-process-hold-release-scheduler';
import { registerInProcessHoldReleaseConsumer } from '../lambdas/adapters/hold-release/in-process-hold-release-scheduler';
import { jsonHeaders } from '../lambdas/handlers/http/error-response';
import { backgroundFunctions, httpRoutes } from '../lambdas/routes';
import { seedDemoConcert } from './demo-seed';
import type { DynamoDbLocal } from './dynamodb-local';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local';
import type { LambdaHttpHandler } from './http-gateway';
import { createGateway } from './http-gateway';
import { resolveJwtSecret } from './jwt-secret';
import type { LocalServerOptions } from './server-options';
import { localServerOptionsFromEnv } from './server-options';
import { startSweeperSchedule } from './sweeper-schedule';
import type { StreamConsumer, TableStreamPoller } from './table-stream';
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

const loadHandler = (name: string): Promise<LambdaHttpHandler> => {
  let loading = handlerCache.get(name);
  if (!loading) {
    loading = import(handlerModulePath(name)).then((module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function') throw new Error(`lambdas/handlers/${name}.ts exports no handler`);
      return module.handler as LambdaHttpHandler;
    });
    handlerCache.set(name, loading);
    loading.catch(() => handlerCache.delete(name));
  }
  return loading;
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

const assertPortFree = (port: number): Promise<void> =>
  new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`DYNAMODB_PORT ${port} is already in use: stop what listens there, choose another DYNAMODB_PORT, or set DYNAMODB_ENDPOINT to use it`)
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()));
  });

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
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
  let dynamo: DynamoDbLocal | undefined;
  if (!options.dynamodbEndpoint) {
    await assertPortFree(options.dynamodbPort);
    dynamo = await startDynamoDbLocal({ port: options.dynamodbPort, dataDir: options.dataDir });
  }
  const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
  let outbox: TableStreamPoller | undefined;
  try {
    await ensureTable(dynamodbEndpoint, options.tableName, { stream: options.tableStream });

    // Before any handler module is imported: they read these once, at load.
    const handlerEnv = {
      // EMF metric lines are for CloudWatch; on a laptop they only bury the logs. POWERTOOLS_METRICS_DISABLED=false shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      // The sale opener runs every second locally (every minute on AWS), so an opening is drawn on the dot.
      SALE_OPENER_INTERVAL_SECONDS: String(localSaleOpenerIntervalSeconds),
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

    if (options.seedDemo) {
      const db = createDocumentClient({ endpoint: dynamodbEndpoint });
      try {
        const seeded = await seedDemoConcert(db, options.tableName, Date.now());
        if (seeded) options.log(`Seeded demo concert ${seeded.concertId} on ${seeded.dates.join(', ')}`);
      } finally {
        db.destroy();
      }
    }

    // The hold-release outbox as on AWS: placed holds come off the table stream, filtered by the same pattern,
    // into the scheduler handler; its delayed releases go, in-process, to the consumer handler SQS invokes on AWS.
    registerInProcessHoldReleaseConsumer(async (event) => {
      const consume = (await loadHandler(backgroundFunctions.holdReleaseConsumer.handler)) as unknown as HoldReleaseConsumer;
      return consume(event);
    });
    if (options.tableStream) {
      outbox = await startTableStreamPoller({
        endpoint: dynamodbEndpoint,
        tableName: options.tableName,
        ...placedHoldDelivery,
        consume: async (event) => {
          const schedule = (await loadHandler(backgroundFunctions.holdReleaseScheduler.handler)) as unknown as StreamConsumer;
          return schedule(event);
        },
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
      }),
    );
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
    options.log(`Concert reservation API listening on ${url} (table ${options.tableName} at ${dynamodbEndpoint})`);
    let stopping: Promise<void> | undefined;
    return {
      url,
      tableName: options.tableName,
      dynamodbEndpoint,
      sweepNow: () => schedule.runNow(),
      stop: () =>
        (stopping ??= (async () => {
          await close(server);
          await schedule.stop();
          await saleOpener.stop();
          await outbox?.stop();
          registerInProcessHoldReleaseConsumer(undefined);
          await dynamo?.stop();
        })()),
    };
  } catch (error) {
    registerInProcessHoldReleaseConsumer(undefined);
    try {
      await outbox?.stop();
    } finally {
      await dynamo?.stop();
    }
    throw error;
  }
};
