import type { DynamoDBRecord } from 'aws-lambda';
import { QueueTokenStatus } from '../../domain/queue';
import type { TokenChange } from '../../use-cases/admission/ports';
import { queueTokenEntity } from './entities/queue-token';

const deadStatuses: readonly string[] = [QueueTokenStatus.expired, QueueTokenStatus.left, QueueTokenStatus.paid];

/**
 * How queue-token changes reach `queue-token-events` from the table stream: the CDK event source mapping and the
 * local server's stream poller (local/table-stream.ts) are both configured from this. Lambda's event filter
 * syntax; the patterns are OR'ed. Polls rewrite WAITING tokens all the time, so WAITING passes only as an insert.
 */
export const queueTokenDelivery = {
  filterPatterns: [
    {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { entity: { S: [queueTokenEntity] }, status: { S: [QueueTokenStatus.active, ...deadStatuses] } } },
    },
    { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: [queueTokenEntity] }, status: { S: [QueueTokenStatus.waiting] } } } },
  ],
  batchSize: 100,
  /** Bounded, so a record that keeps failing never blocks its shard; the sweeper admits and expires in its place. */
  retryAttempts: 5,
} as const;

/**
 * The change a stream record reports, or undefined for records that need nothing: a waiter who left or idled out
 * frees no slot (it never had one), and anything unreadable is left to the sweeper.
 */
export const tokenChangeOf = (record: DynamoDBRecord): TokenChange | undefined => {
  const image = record.dynamodb?.NewImage;
  if (image?.entity?.S !== queueTokenEntity) return undefined;
  const concertId = image.concertId?.S;
  const tokenId = image.tokenId?.S;
  const status = image.status?.S;
  if (!concertId || !tokenId || !status) return undefined;
  if (status === QueueTokenStatus.active) {
    const expireAtMs = Number(image.expiresAt?.N);
    return Number.isSafeInteger(expireAtMs) ? { kind: 'admitted', concertId, expiry: { tokenId, expireAtMs } } : undefined;
  }
  if (status === QueueTokenStatus.waiting) return record.eventName === 'INSERT' ? { kind: 'queued', concertId } : undefined;
  return deadStatuses.includes(status) && image.admittedAt?.N !== undefined ? { kind: 'slotFreed', concertId } : undefined;
};

/**
 * When the write a queue-token record reports was made: the latest of the times the item carries, since every write
 * that reaches queue-token-events stamps one of them with its own time (issue, poll, admission, end).
 */
export const tokenWrittenAtMsOf = (record: DynamoDBRecord): number | undefined => {
  const image = record.dynamodb?.NewImage;
  const times = ['issuedAt', 'lastPolledAt', 'admittedAt', 'endedAt'].map((name) => Number(image?.[name]?.N)).filter(Number.isFinite);
  return times.length === 0 ? undefined : Math.max(...times);
};
