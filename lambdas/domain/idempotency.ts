import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from './errors';

/**
 * Operations that honour an Idempotency-Key, with the status their success answers. The record keeps that
 * status with the response body, so a retry gets exactly what the first request got. Operations that move money
 * require the key: a 503 or a lost answer there must always be resolvable by retrying with it.
 */
export const idempotentOperations = {
  charge: { name: 'CHARGE', successStatus: 200, keyRequired: true },
  payment: { name: 'PAYMENT', successStatus: 201, keyRequired: true },
  refund: { name: 'REFUND', successStatus: 200, keyRequired: true },
  queueToken: { name: 'QUEUE_TOKEN', successStatus: 201, keyRequired: false },
} as const;

type KnownOperation = (typeof idempotentOperations)[keyof typeof idempotentOperations];
export type IdempotentOperation = Omit<KnownOperation, 'keyRequired'> & { readonly keyRequired?: boolean };

/** A request that carried an Idempotency-Key: the key and a hash of its canonical body. */
export interface IdempotentRequest {
  readonly key: string;
  readonly requestHash: string;
}

/** The first successful response to a key, as stored with the effect it answers. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

export const hashRequestBody = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');

/**
 * The hash a keyed request is known by: its operation and its validated input. A key belongs to the user, not to a
 * route, so the same key on another route is another request (422), never a second effect.
 */
export const hashKeyedRequest = (operation: IdempotentOperation, input: unknown): string => hashRequestBody({ operation: operation.name, input });

/** The recorded response for a retry of the same request; the same key with another body is refused. */
export const replayRecorded = (record: IdempotencyRecord, request: IdempotentRequest): IdempotencyRecord => {
  if (record.requestHash !== request.requestHash) throw new IdempotencyKeyReusedError(request.key);
  return record;
};
