import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { DeadlineExceededError, deadlineRules } from '../../domain/deadline';
import { ServiceUnavailableError } from '../../domain/errors';
import { currentDeadline } from '../../use-cases/invocation-deadline';

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
  // A call abandoned because its request was answered or ran out of time (the deadline's abort signal).
  'AbortError',
]);
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

const isStorageUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error) || error instanceof ServiceUnavailableError) return false;
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

const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
const operationOf = (request: HttpRequest): string => (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';

/** What the deadline guard saw in this process; the storage-stall benchmark reads it. */
export const deadlineGuardCounts = {
  /**
   * Write attempts (the SDK's retries included) sent to the network after their request had been answered.
   * Counted below the guard, independently of it, so a gap in the guard would show: the rule says 0.
   */
  writesStartedAfterAnswer: 0,
  /** Calls (writes and reads) the guard refused to start because the request was already answered. */
  callsRefusedAfterAnswer: 0,
  /** Calls refused because too little time was left before the answer is due. */
  callsRefusedNearDeadline: 0,
};

type StorageRequestHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

/**
 * Wraps the SDK's HTTP handler so that every attempt of every call (the SDK's own retries included) obeys the
 * invocation's deadline: none starts once the request was answered, nor when the time left is less than a call
 * could take (twice the slowest recent call, between `minStorageCallMs` and `maxExpectedCallMs`), and each gets the time left as its
 * timeout and the deadline's abort signal, so nothing in flight outlives the answer.
 */
const deadlineBound = (inner: StorageRequestHandler): StorageRequestHandler => {
  // The slowest recent call, halving every second (a slow moment is soon forgotten), and capped: one stalled call
  // must not stop every later request from trying.
  let slowest = { ms: 0, atMs: 0 };
  const expectedCallMs = (nowMs: number): number =>
    Math.max(deadlineRules.minStorageCallMs, Math.min(deadlineRules.maxExpectedCallMs, 2 * slowest.ms * 0.5 ** ((nowMs - slowest.atMs) / 1_000)));
  const handle = async (request: HttpRequest, options: HttpHandlerOptions = {}) => {
    const deadline = currentDeadline();
    const operation = operationOf(request);
    if (deadline.ended) {
      deadlineGuardCounts.callsRefusedAfterAnswer += 1;
      throw new DeadlineExceededError(`${operation}: the request was already answered`);
    }
    const startedMs = Date.now();
    const remainingMs = deadline.remainingMs(startedMs);
    if (!Number.isFinite(remainingMs)) return inner.handle(request, options);
    if (remainingMs < expectedCallMs(startedMs)) {
      deadlineGuardCounts.callsRefusedNearDeadline += 1;
      throw new DeadlineExceededError(operation);
    }
    // AbortSignal.any only when the caller brought a signal of its own: the service's calls never do, and combining
    // signals costs every call.
    const abortSignal = options.abortSignal instanceof AbortSignal ? AbortSignal.any([deadline.signal, options.abortSignal]) : deadline.signal;
    const response = await inner.handle(request, { ...options, abortSignal, requestTimeout: Math.floor(remainingMs) });
    const finishedMs = Date.now();
    if (finishedMs - startedMs >= expectedCallMs(finishedMs) / 2) slowest = { ms: finishedMs - startedMs, atMs: finishedMs };
    return response;
  };
  // The inner handler's other methods (configuration, destroy) stay reachable through the prototype.
  return Object.assign(Object.create(inner) as StorageRequestHandler, { handle });
};

/**
 * Counts the write attempts that reach the network after their request was answered: it sits between the guard
 * and the socket, so it sees what the guard let through, whatever the guard decided. The rule says 0.
 */
const countingWritesAfterAnswer = (inner: StorageRequestHandler): StorageRequestHandler => {
  const handle = (request: HttpRequest, options?: HttpHandlerOptions) => {
    if (currentDeadline().ended && writeOperations.has(operationOf(request))) deadlineGuardCounts.writesStartedAfterAnswer += 1;
    return inner.handle(request, options);
  };
  return Object.assign(Object.create(inner) as StorageRequestHandler, { handle });
};

export interface DocumentClientOptions {
  /** DynamoDB Local or another endpoint; unset on AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly maxAttempts?: number;
}

/**
 * The one way the service builds its DynamoDB client. A middleware wrapped around the SDK's retry step turns
 * exhausted throttling and network failures into ServiceUnavailableError (503), so no repository repeats it;
 * every call obeys the invocation's deadline (see deadlineBound).
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
    // Without it, a request timeout only logs a warning.
    requestHandler: { throwOnRequestTimeout: true },
  });
  client.config.requestHandler = deadlineBound(countingWritesAfterAnswer(client.config.requestHandler as StorageRequestHandler));
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
