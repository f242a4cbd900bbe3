import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';

/** Errors that mean "storage is overloaded or unreachable", after the SDK's own retries gave up. */
const unavailableErrorNames = new Set([
  'ProvisionedThroughputExceededException',
  // The SDK gives each TransactWriteItems a ClientRequestToken and reuses it on its retries: a retry that overlaps
  // the still-running first attempt gets this; a later retry will see the outcome.
  'TransactionInProgressException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

const isStorageUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return unavailableErrorNames.has(error.name) || (code !== undefined && networkErrorCodes.has(code));
};

/** Sees every command a client sends: its name and its (marshalled) input. */
export type CommandObserver = (commandName: string, input: Record<string, unknown>) => void;
const commandObservers: CommandObserver[] = [];

/**
 * Observes every command of every client created from now on, through an SDK middleware. Only measurement
 * tools use it (the benchmark's per-partition-key write counter); the service itself never does.
 */
export const observeFutureClients = (observer: CommandObserver): void => {
  commandObservers.push(observer);
};

export interface DocumentClientOptions {
  /** DynamoDB Local or another endpoint; unset on AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly maxAttempts?: number;
}

/**
 * The one way the service builds its DynamoDB client. A middleware wrapped around the SDK's retry step turns
 * exhausted throttling and network failures into ServiceUnavailableError (503), so no repository repeats it.
 */
export const createDocumentClient = (options: DocumentClientOptions = {}): DynamoDBDocumentClient => {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: options.region ?? process.env.AWS_REGION ?? 'local',
          // DynamoDB Local runs with a shared database, so any credentials see the same data. Credentials in the
          // environment (the admin CLI against a deployed table) are used whole, session token included.
          ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        }
      : {}),
    maxAttempts: options.maxAttempts ?? 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isStorageUnavailable(error)) throw new ServiceUnavailableError((error as Error).name, { cause: error });
        throw error;
      }
    },
    { step: 'initialize', name: 'storageUnavailableToDomainError' },
  );
  if (commandObservers.length > 0) {
    const observers = [...commandObservers];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        for (const observe of observers) observe(context.commandName ?? 'unknown', args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'commandObservers' },
    );
  }
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
};
