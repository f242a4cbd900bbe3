import type { DynamoDBRecord } from 'aws-lambda';
import { QueueTokenStatus } from '../../domain/queue';
import type { RoomChange } from '../../use-cases/admission/ports';
import { concertEntity } from './entities/concert';
import { queueTokenEntity } from './entities/queue-token';

const deadStatuses: readonly string[] = [QueueTokenStatus.expired, QueueTokenStatus.left, QueueTokenStatus.paid];

/**
 * How queue-token changes (and changes of a concert's sale) reach `queue-token-events` from the table stream: the CDK
 * event source mapping and the local server's stream poller (local/table-stream.ts) are both configured from this.
 * Lambda's event filter syntax; the patterns are OR'ed. Polls rewrite WAITING tokens all the time, so WAITING passes
 * only as an insert. A concert item is modified only by the operator (`admin sale`) and at the end of its draw: rare
 * writes, each of which may free slots (a resume, a larger room) or open the sale.
 */
export const queueTokenDelivery = {
  filterPatterns: [
    {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { entity: { S: [queueTokenEntity] }, status: { S: [QueueTokenStatus.active, ...deadStatuses] } } },
    },
    { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: [queueTokenEntity] }, status: { S: [QueueTokenStatus.waiting] } } } },
    { eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: [concertEntity] } } } },
  ],
  batchSize: 100,
  /** Bounded, so a record that keeps failing never blocks its shard; the sweeper admits and expires in its place. */
  retryAttempts: 5,
} as const;

/**
 * The change a stream record reports, or undefined for records that need nothing: a waiter who left or idled out
 * frees no slot (it never had one), and anything unreadable is left to the sweeper. A modified concert is a change of
 * its sale, whichever setting it was: the server judges what it allows (the stream has no old image to compare).
 */
export const roomChangeOf = (record: DynamoDBRecord): RoomChange | undefined => {
  const image = record.dynamodb?.NewImage;
  if (image?.entity?.S === concertEntity) {
    const concertId = image.concertId?.S;
    return record.eventName === 'MODIFY' && concertId ? { kind: 'saleChanged', concertId } : undefined;
  }
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
 * When the write a record of queue-token-events reports was made: the latest of the times the item carries, since
 * every such write stamps one of them with its own time (a token's issue, poll, admission, end; a concert's sale
 * change or draw).
 */
export const changeWrittenAtMsOf = (record: DynamoDBRecord): number | undefined => {
  const image = record.dynamodb?.NewImage;
  const times = ['issuedAt', 'lastPolledAt', 'admittedAt', 'endedAt', 'saleChangedAt', 'openedAt'].map((name) => Number(image?.[name]?.N)).filter(Number.isFinite);
  return times.length === 0 ? undefined : Math.max(...times);
};
