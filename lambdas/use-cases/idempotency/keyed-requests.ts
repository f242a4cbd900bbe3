import { DomainError, IdempotencyKeyReusedError, ServiceUnavailableError } from '../../domain/errors';
import type { IdempotencyRecord, IdempotentOperation, IdempotentRequest } from '../../domain/idempotency';
import { replayRecorded } from '../../domain/idempotency';
import type { IdempotencyRecordReader, IdempotencyRecordWrite } from './ports';

export interface KeyedRequest {
  readonly userId: string;
  readonly operation: IdempotentOperation;
  readonly request: IdempotentRequest;
}

/**
 * The first response to this key when the request repeats it, or undefined for a new key. The same key with
 * another body is IDEMPOTENCY_KEY_REUSED.
 */
export const findRecordedResponse =
  (deps: { idempotencyRecords: IdempotencyRecordReader }) =>
  async ({ userId, request }: KeyedRequest): Promise<IdempotencyRecord | undefined> => {
    const record = await deps.idempotencyRecords.findRecord(userId, request.key);
    return record && replayRecorded(record, request);
  };

/** The record to write in the effect's own transaction, answering the request with `response`; none without a key. */
export const recordOf = (
  operation: IdempotentOperation,
  request: IdempotentRequest | undefined,
  response: unknown,
): { idempotency: IdempotencyRecordWrite } | Record<string, never> =>
  request
    ? { idempotency: { operation, key: request.key, record: { requestHash: request.requestHash, statusCode: operation.successStatus, response } } }
    : {};

/** The recorded response after a transaction failed because the key's record exists. */
export const recordedResponse = async (
  deps: { idempotencyRecords: IdempotencyRecordReader },
  keyed: KeyedRequest,
): Promise<IdempotencyRecord> => {
  const record = await findRecordedResponse(deps)(keyed);
  // The transaction saw the record and records live 24 hours: only a storage fault could hide it now.
  if (!record) throw new ServiceUnavailableError('idempotency record not readable yet');
  return record;
};

/**
 * Runs a keyed operation. Its refusal may be the echo of an earlier success with the same key (the paid
 * reservation is no longer payable, the charged balance is now at its cap), so the key's record, when there
 * is one, answers instead of the refusal.
 */
export const answerFromRecordOnRefusal = async <T>(
  deps: { idempotencyRecords: IdempotencyRecordReader },
  keyed: Omit<KeyedRequest, 'request'> & { request: IdempotentRequest | undefined },
  run: () => Promise<T>,
): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    const { request } = keyed;
    const refusal = error instanceof DomainError && !(error instanceof ServiceUnavailableError) && !(error instanceof IdempotencyKeyReusedError);
    if (!request || !refusal) throw error;
    const record = await findRecordedResponse(deps)({ ...keyed, request });
    if (!record) throw error;
    return record.response as T;
  }
};
