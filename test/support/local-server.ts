import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import type { LocalServer } from '../../local/server';
import { assertMatchesContract } from './openapi-contract';

export interface TestServerOptions {
  /** Create the demo concert (3 dates, 50 seats each, 50,000 won). Default true. */
  readonly seedDemo?: boolean;
  /** Settings for the handlers, e.g. `{ MAX_ACTIVE_TOKENS: '2', HOLD_TTL_SECONDS: '1' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Seconds between sweeper runs; default 0 = no schedule, call `sweepNow()` instead. */
  readonly admissionIntervalSeconds?: number;
  /** A DynamoDB Local of the test's own (e.g. one it pauses); default the run's shared one. */
  readonly dynamodbEndpoint?: string;
  /** The JWT_SECRET the server signs with; default a random one. */
  readonly jwtSecret?: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on parsed JSON freely
}

export interface RequestOptions {
  /** Sent as JSON; a string is sent as is (e.g. malformed JSON). */
  readonly body?: unknown;
  /** Queue token, sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TestServer extends LocalServer {
  /** A document client on the same table, for arranging and checking state directly. */
  readonly db: DynamoDBDocumentClient;
  /** One real HTTP request to the server; its response must conform to docs/openapi.json (else it throws). */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
}

/**
 * Boots the local server in this test process over real HTTP: a free port, the run's DynamoDB Local (from jest
 * global setup), a fresh table. Handler modules keep the environment they were first loaded with, so start one
 * server per test file, in `beforeAll`, and stop it in `afterAll`.
 */
export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const endpoint = options.dynamodbEndpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run e2e tests through jest (global setup starts DynamoDB Local)');
  // Imported here, not at the top, so nothing loads handler code before the server has set the environment.
  const { startLocalServer } = await import('../../local/server');
  const server = await startLocalServer({
    port: 0,
    dynamodbEndpoint: endpoint,
    tableName: `test-${randomUUID()}`,
    dataDir: ':memory:',
    jwtSecret: options.jwtSecret ?? `test-secret-${randomUUID()}`,
    seedDemo: options.seedDemo ?? true,
    // As deployed, whatever LOCAL_TABLE_STREAM the developer's shell has.
    tableStream: true,
    admissionIntervalSeconds: options.admissionIntervalSeconds ?? 0,
    handlerEnv: options.env ?? {},
    log: () => undefined,
  });
  const db = createDocumentClient({ endpoint, maxAttempts: 5 });

  const request = async (method: string, path: string, { body, token, headers }: RequestOptions = {}): Promise<TestResponse> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    assertMatchesContract({ method, path, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: text });
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };

  return {
    url: server.url,
    tableName: server.tableName,
    dynamodbEndpoint: server.dynamodbEndpoint,
    db,
    request,
    sweepNow: () => server.sweepNow(),
    admissionEventsLag: () => server.admissionEventsLag(),
    stop: async () => {
      await server.stop();
      db.destroy();
    },
  };
};
