import * as z from 'zod/mini';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, optional, parseItem } from './item';

/**
 * The record of a keyed request, `USER#<id>/IDEMPOTENCY#<key>`: the request's hash (which covers its operation: one
 * key, one request, whatever the route), the status and the response as the JSON text that was answered, and for a
 * balance change where its ledger entry is. Kept for a day (TTL).
 */
export const idempotencyRecordEntity = 'IdempotencyRecord';

export const idempotencyRecordKey = (userId: string, key: string): ItemKey => ({
  pk: `USER#${userId}`,
  sk: `IDEMPOTENCY#${key}`,
});

/** A record as stored: the response still JSON text, the balance change's pointers when it answers one. */
export interface StoredIdempotencyRecord {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly responseJson: string;
  readonly balanceEntryId?: string;
  readonly balanceLedgerSk?: string;
}

export const idempotencyRecordToItem = (
  userId: string,
  operation: string,
  key: string,
  record: StoredIdempotencyRecord,
  timestamps: { readonly createdAt: string; readonly ttl: number },
): StoredItem => ({
  ...idempotencyRecordKey(userId, key),
  entity: idempotencyRecordEntity,
  operation,
  requestHash: record.requestHash,
  statusCode: record.statusCode,
  response: record.responseJson,
  ...timestamps,
  ...optional('balanceEntryId', record.balanceEntryId),
  ...optional('balanceLedgerSk', record.balanceLedgerSk),
});

const recordSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    requestHash: z.string(),
    statusCode: z.number(),
    response: z.string(),
    balanceEntryId: z.optional(z.string()),
    balanceLedgerSk: z.optional(z.string()),
  }),
);

export const idempotencyRecordFromItem = (item: StoredItem): StoredIdempotencyRecord => {
  const { requestHash, statusCode, response, balanceEntryId, balanceLedgerSk } = parseItem(idempotencyRecordEntity, recordSchema, item);
  return { requestHash, statusCode, responseJson: response, ...optional('balanceEntryId', balanceEntryId), ...optional('balanceLedgerSk', balanceLedgerSk) };
};
