import { createHash } from 'node:crypto';
import type { DeadQueueTokenStatus, QueueToken, QueueTokenStatus } from '../../domain/queue';
import { QueueTokenStatus as Status } from '../../domain/queue';
import type { TransactItem } from './transactions';
import { expiryShardCount, indexKeys, keys, retentionSeconds, ttlAfter } from './table';

/** The `entity` attribute of token items; the sweeper tells expiry-index items apart by it. */
export const queueTokenEntity = 'QueueToken';

/** A token keeps one expiry-index shard for life, derived from its id so that no one has to remember it. */
export const expiryShardOf = (id: string): number => createHash('sha256').update(id).digest().readUInt32BE(0) % expiryShardCount;

const optionalNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export const toQueueToken = (item: Record<string, unknown>): QueueToken => {
  const shard = optionalNumber(item.shard);
  const ticket = optionalNumber(item.ticket);
  const lastPosition = optionalNumber(item.lastPosition);
  const admittedAtMs = optionalNumber(item.admittedAt);
  // Only a token still in the expiry index has a meaningful key there.
  const expiryKeyMs = item.expiryPk === undefined ? undefined : optionalNumber(item.expiresAt);
  return {
    tokenId: item.tokenId as string,
    userId: item.userId as string,
    concertId: item.concertId as string,
    status: item.status as QueueTokenStatus,
    issuedAtMs: item.issuedAt as number,
    lastPolledAtMs: item.lastPolledAt as number,
    ...(shard === undefined ? {} : { shard }),
    ...(ticket === undefined ? {} : { ticket }),
    ...(lastPosition === undefined ? {} : { lastPosition }),
    ...(admittedAtMs === undefined ? {} : { admittedAtMs }),
    ...(expiryKeyMs === undefined ? {} : { expiryKeyMs }),
  };
};

/** The full item of a new token: WAITING tokens are in the waiting line, every live token is in the expiry index. */
export const newTokenItem = (token: QueueToken): Record<string, unknown> => {
  if (token.expiryKeyMs === undefined) throw new Error('a new token needs an expiry key');
  const inLine = token.status === Status.waiting && token.shard !== undefined && token.ticket !== undefined;
  const inPreQueue = token.status === Status.waiting && token.shard !== undefined && token.ticket === undefined;
  return {
    ...keys.token(token.tokenId),
    entity: queueTokenEntity,
    tokenId: token.tokenId,
    userId: token.userId,
    concertId: token.concertId,
    status: token.status,
    issuedAt: token.issuedAtMs,
    lastPolledAt: token.lastPolledAtMs,
    ...(token.shard === undefined ? {} : { shard: token.shard }),
    ...(token.ticket === undefined ? {} : { ticket: token.ticket }),
    ...(token.lastPosition === undefined ? {} : { lastPosition: token.lastPosition }),
    ...(token.admittedAtMs === undefined ? {} : { admittedAt: token.admittedAtMs }),
    ...(inLine ? indexKeys.waitingLine(token.concertId, token.shard as number, token.ticket as number, token.tokenId) : {}),
    ...(inPreQueue ? indexKeys.preQueue(token.concertId, token.shard as number, token.tokenId) : {}),
    ...indexKeys.expiry(expiryShardOf(token.tokenId), token.expiryKeyMs),
  };
};

/** The live-token lock: only one per user and concert can exist (`attribute_not_exists`). */
export const lockPut = (tableName: string, token: QueueToken): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.liveTokenLock(token.userId, token.concertId), entity: 'LiveTokenLock', tokenId: token.tokenId },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * The death of a live token (leave, payment, ACTIVE expiry, idle expiry) as transaction items, in this order:
 * token, lock, room or shard. The token item is conditioned on the status and `lastPolledAt` read, so a concurrent
 * admission, poll or other death makes the transaction fail instead of counting twice. Exported so that the
 * payment transaction can include the same items.
 */
export const tokenDeathItems = (tableName: string, token: QueueToken, status: DeadQueueTokenStatus, nowMs: number): TransactItem[] => {
  const tokenUpdate: TransactItem = {
    Update: {
      TableName: tableName,
      Key: keys.token(token.tokenId),
      UpdateExpression: 'SET #status = :dead, endedAt = :now, #ttl = :ttl REMOVE linePk, lineSk, expiryPk',
      ConditionExpression: '#status = :seen AND lastPolledAt = :lastPolled',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':dead': status,
        ':now': nowMs,
        ':ttl': ttlAfter(nowMs, retentionSeconds.deadToken),
        ':seen': token.status,
        ':lastPolled': token.lastPolledAtMs,
      },
    },
  };
  // A missing lock must not keep a token alive forever; one held by another token must not be released.
  const lockDelete: TransactItem = {
    Delete: {
      TableName: tableName,
      Key: keys.liveTokenLock(token.userId, token.concertId),
      ConditionExpression: 'attribute_not_exists(pk) OR tokenId = :mine',
      ExpressionAttributeValues: { ':mine': token.tokenId },
    },
  };
  if (token.status !== Status.active && token.shard === undefined) throw new Error('a WAITING token always has a shard');
  // A pre-queue token holds no place yet, so its death frees none; the draw or a late placement racing it wins.
  if (token.status === Status.waiting && token.ticket === undefined) {
    const update = tokenUpdate.Update as NonNullable<TransactItem['Update']>;
    return [{ Update: { ...update, ConditionExpression: `${update.ConditionExpression} AND attribute_not_exists(ticket)` } }, lockDelete];
  }
  const slotOrPlace: TransactItem =
    token.status === Status.active
      ? {
          Update: {
            TableName: tableName,
            Key: keys.room(token.concertId),
            UpdateExpression: 'ADD activeCount :minusOne',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        }
      : {
          Update: {
            TableName: tableName,
            Key: keys.roomShard(token.concertId, token.shard as number),
            UpdateExpression: 'ADD gone :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        };
  return [tokenUpdate, lockDelete, slotOrPlace];
};
