import type { DynamoDBRecord } from 'aws-lambda';
import { ReservationStatus } from '../../domain/reservation';
import type { HoldReleaseRequest } from '../../use-cases/reservations/ports';
import { reservationEntity } from './entities/reservation';

/**
 * How placed holds reach the release scheduler from the table stream: the CDK event source mapping and the
 * local server's stream poller (local/table-stream.ts) are both configured from this.
 */
export const placedHoldDelivery = {
  /** Lambda's event filter syntax: only reservation inserts, which only a placed hold writes, invoke the scheduler. */
  filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: [reservationEntity] } } } }],
  batchSize: 100,
  /** Bounded, so a record that cannot be scheduled never blocks its shard; the sweeper releases that hold. */
  retryAttempts: 5,
} as const;

/** A reservation insert: what the filter lets through. */
export const isReservationInsert = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === reservationEntity;

/** The release a newly placed hold asks for, or undefined for any other stream record. */
export const placedHoldOf = (record: DynamoDBRecord): HoldReleaseRequest | undefined => {
  const image = record.dynamodb?.NewImage;
  if (!isReservationInsert(record) || image?.status?.S !== ReservationStatus.held) return undefined;
  const reservationId = image.reservationId?.S;
  const releaseAtMs = Number(image.expiresAt?.N);
  return reservationId && Number.isSafeInteger(releaseAtMs) ? { reservationId, releaseAtMs } : undefined;
};
