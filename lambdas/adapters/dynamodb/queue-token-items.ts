import type { DeadQueueTokenStatus, QueueToken } from '../../domain/queue';
import { QueueTokenStatus as Status } from '../../domain/queue';
import { liveTokenLockAttribute, liveTokenLockKey, liveTokenLockToItem } from './entities/live-token-lock';
import { queueTokenAttribute, queueTokenKey } from './entities/queue-token';
import type { TransactItem } from './transactions';
import { keys, retentionSeconds, ttlAfter } from './table';

/** The live-token lock: only one per user and concert can exist (`attribute_not_exists`). */
export const lockPut = (tableName: string, token: QueueToken): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: liveTokenLockToItem(token.userId, token.concertId, token.tokenId),
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
      Key: queueTokenKey(token.tokenId),
      UpdateExpression: `SET #status = :dead, endedAt = :now, #ttl = :ttl REMOVE linePk, lineSk, ${queueTokenAttribute.expiryPk}`,
      ConditionExpression: `#status = :seen AND ${queueTokenAttribute.lastPolledAt} = :lastPolled`,
      ExpressionAttributeNames: { '#status': queueTokenAttribute.status, '#ttl': 'ttl' },
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
      Key: liveTokenLockKey(token.userId, token.concertId),
      ConditionExpression: `attribute_not_exists(pk) OR ${liveTokenLockAttribute.tokenId} = :mine`,
      ExpressionAttributeValues: { ':mine': token.tokenId },
    },
  };
  const { shard } = token;
  if (token.status !== Status.active && shard === undefined) throw new Error('a WAITING token always has a shard');
  // A pre-queue token holds no place yet, so its death frees none; the draw or a late placement racing it wins.
  if (token.status === Status.waiting && token.ticket === undefined) {
    const update = tokenUpdate.Update as NonNullable<TransactItem['Update']>;
    return [{ Update: { ...update, ConditionExpression: `${update.ConditionExpression} AND attribute_not_exists(${queueTokenAttribute.ticket})` } }, lockDelete];
  }
  const slotOrPlace: TransactItem =
    token.status === Status.active || shard === undefined
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
            Key: keys.roomShard(token.concertId, shard),
            UpdateExpression: 'ADD gone :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        };
  return [tokenUpdate, lockDelete, slotOrPlace];
};
