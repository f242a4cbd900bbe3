import type { DynamoDBRecord } from 'aws-lambda';
import { ReservationStatus } from '../../domain/reservation';
import type { HoldReleaseRequest } from '../../use-cases/reservations/ports';
import { reservationEntity } from './table';

/**
 * Lambda event filter for the table stream: only reservation inserts, which only a placed hold writes, invoke
 * the release scheduler. Lambda's pattern syntax; the local server applies the same pattern (local/event-filter.ts).
 */
export const placedHoldFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [reservationEntity] } } },
} as const;

/** The release a newly placed hold asks for, or undefined for any other stream record. */
export const placedHoldOf = (record: DynamoDBRecord): HoldReleaseRequest | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== reservationEntity || image.status?.S !== ReservationStatus.held) return undefined;
  const reservationId = image.reservationId?.S;
  const releaseAtMs = Number(image.expiresAt?.N);
  return reservationId && Number.isSafeInteger(releaseAtMs) ? { reservationId, releaseAtMs } : undefined;
};
