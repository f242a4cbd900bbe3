import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { QueueToken } from '../../../domain/queue';
import { QueueTokenStatus } from '../../../domain/queue';
import type { ItemKey } from '../table';
import { expiryShardCount, indexKeys } from '../table';
import type { StoredItem } from './item';
import { lazySchema, oneOf, optional, parseItem } from './item';

/**
 * A place in a waiting room, `TOKEN#<id>/TOKEN`. WAITING tokens are in the sparse waitingLine index (or, before the
 * opening, its pre-queue partitions); every live token is in the expiry index. The sweeper and the table-stream
 * filters match on `entity`.
 */
export const queueTokenEntity = 'QueueToken';

export const queueTokenKey = (tokenId: string): ItemKey => ({ pk: `TOKEN#${tokenId}`, sk: 'TOKEN' });

const waitingLinePartitionOf = (concertId: string, shard: number): string => `LINE#${concertId}#${shard}`;
const preQueuePartitionOf = (concertId: string, shard: number): string => `PREQUEUE#${concertId}#${shard}`;

/** WAITING tokens of one room shard in ticket order (the waitingLine index). */
export const waitingLine = {
  partition: waitingLinePartitionOf,
  keys: (concertId: string, shard: number, ticket: number, tokenId: string) => ({
    linePk: waitingLinePartitionOf(concertId, shard),
    lineSk: `${String(ticket).padStart(12, '0')}#${tokenId}`,
  }),
} as const;

/**
 * A pre-queue token in the same sparse index, in a partition of its own per room shard, so the draw lists a room's
 * pre-queue with one Query per shard and an arrival writes no index partition shared by every arrival.
 */
export const preQueue = {
  partition: preQueuePartitionOf,
  keys: (concertId: string, shard: number, tokenId: string) => ({ linePk: preQueuePartitionOf(concertId, shard), lineSk: tokenId }),
} as const;

/** A token keeps one expiry-index shard for life, derived from its id so that no one has to remember it. */
export const expiryShardOf = (id: string): number => createHash('sha256').update(id).digest().readUInt32BE(0) % expiryShardCount;

/** Attributes that conditions and updates name. `expiresAt` is the expiry index's sort key while `expiryPk` is set. */
export const queueTokenAttribute = {
  status: 'status',
  lastPolledAt: 'lastPolledAt',
  ticket: 'ticket',
  expiryPk: 'expiryPk',
  expiresAt: 'expiresAt',
} as const;

const queueTokenSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    tokenId: z.string(),
    userId: z.string(),
    concertId: z.string(),
    status: oneOf(Object.values(QueueTokenStatus)),
    issuedAt: z.number(),
    lastPolledAt: z.number(),
    shard: z.optional(z.number()),
    ticket: z.optional(z.number()),
    lastPosition: z.optional(z.number()),
    admittedAt: z.optional(z.number()),
    expiryPk: z.optional(z.string()),
    expiresAt: z.optional(z.number()),
  }),
);

export const queueTokenFromItem = (item: StoredItem): QueueToken => {
  const { tokenId, userId, concertId, status, issuedAt, lastPolledAt, shard, ticket, lastPosition, admittedAt, expiryPk, expiresAt } = parseItem(
    queueTokenEntity,
    queueTokenSchema,
    item,
  );
  return {
    tokenId,
    userId,
    concertId,
    status,
    issuedAtMs: issuedAt,
    lastPolledAtMs: lastPolledAt,
    ...optional('shard', shard),
    ...optional('ticket', ticket),
    ...optional('lastPosition', lastPosition),
    ...optional('admittedAtMs', admittedAt),
    // Only a token still in the expiry index has a meaningful key there.
    ...optional('expiryKeyMs', expiryPk === undefined ? undefined : expiresAt),
  };
};

/** The full item of a new token: WAITING tokens are in the waiting line, every live token is in the expiry index. */
export const newTokenItem = (token: QueueToken): StoredItem => {
  const { shard, ticket, expiryKeyMs } = token;
  if (expiryKeyMs === undefined) throw new Error('a new token needs an expiry key');
  const waiting = token.status === QueueTokenStatus.waiting && shard !== undefined;
  return {
    ...queueTokenKey(token.tokenId),
    entity: queueTokenEntity,
    tokenId: token.tokenId,
    userId: token.userId,
    concertId: token.concertId,
    status: token.status,
    issuedAt: token.issuedAtMs,
    lastPolledAt: token.lastPolledAtMs,
    ...optional('shard', shard),
    ...optional('ticket', ticket),
    ...optional('lastPosition', token.lastPosition),
    ...optional('admittedAt', token.admittedAtMs),
    ...(waiting && ticket !== undefined ? waitingLine.keys(token.concertId, shard, ticket, token.tokenId) : {}),
    ...(waiting && ticket === undefined ? preQueue.keys(token.concertId, shard, token.tokenId) : {}),
    ...indexKeys.expiry(expiryShardOf(token.tokenId), expiryKeyMs),
  };
};

const lineEntrySchema = /* @__PURE__ */ lazySchema(() => z.object({ pk: z.string(), sk: z.string(), lineSk: z.string() }));

/** An entry of the KEYS_ONLY waitingLine index: the token's key and its place in the line (or, pre-queue, its id). */
export const lineEntryFromItem = (item: StoredItem): { readonly key: ItemKey; readonly lineSk: string } => {
  const { pk, sk, lineSk } = parseItem(queueTokenEntity, lineEntrySchema, item);
  return { key: { pk, sk }, lineSk };
};
