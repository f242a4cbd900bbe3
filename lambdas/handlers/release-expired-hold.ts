import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { decodeHoldReleaseMessage } from '../adapters/hold-release/message';
import { selectHoldReleaseScheduler } from '../adapters/hold-release/select-hold-release-scheduler';
import { systemClock } from '../adapters/system';
import { logger } from '../observability/logger';
import { BusinessMetric, flushMetrics, recordCount } from '../observability/metrics';
import type { HoldReleaseRequest } from '../use-cases/reservations/ports';
import { releaseHold } from '../use-cases/reservations/release-hold';
import type { ReleaseRequestOutcome } from '../use-cases/reservations/release-when-due';
import { releaseWhenDue } from '../use-cases/reservations/release-when-due';
import { documentClient as db, settings } from './composition';

/**
 * SQS consumer of delayed hold releases. Records are handled independently and only the failed ones are
 * reported (`batchItemFailures`, with ReportBatchItemFailures on the event source), so SQS redelivers just
 * those. Releasing is idempotent, so a message delivered twice is harmless.
 */
export const releaseExpiredHoldHandler =
  (processRequest: (request: HoldReleaseRequest) => Promise<ReleaseRequestOutcome>) =>
  async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // Invoked by SQS on AWS, with a context; in-process locally, where there is none.
    if (context) logger.addContext(context);
    const failures = await Promise.all(
      event.Records.map(async (record): Promise<SQSBatchItemFailure | undefined> => {
        const request = decodeHoldReleaseMessage(record.body);
        if (!request) {
          // Redelivery cannot fix a malformed body: drop it, loudly.
          logger.error('dropping a malformed hold release message', { messageId: record.messageId });
          return undefined;
        }
        try {
          if ((await processRequest(request)) === 'released') recordCount(BusinessMetric.holdsExpired);
          return undefined;
        } catch (error) {
          logger.warn('hold release failed; SQS will redeliver', { ...request, error: error as Error });
          return { itemIdentifier: record.messageId };
        }
      }),
    );
    flushMetrics();
    return { batchItemFailures: failures.filter((failure) => failure !== undefined) };
  };

const release = releaseHold({
  reservations: new DynamoReservationRepository(db, settings.tableName),
  holds: new DynamoSeatHoldRepository(db, settings.tableName),
  clock: systemClock,
});

export const handler = releaseExpiredHoldHandler(
  releaseWhenDue({ release, releases: selectHoldReleaseScheduler(), clock: systemClock }),
);
