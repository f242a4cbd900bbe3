import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { decodeHoldReleaseMessage } from '../adapters/hold-release/message';
import { selectHoldReleaseScheduler } from '../adapters/hold-release/select-hold-release-scheduler';
import { systemClock } from '../adapters/system';
import { logger } from '../observability/logger';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { observedHandler } from '../observability/observed-handler';
import type { HoldReleaseRequest } from '../use-cases/reservations/ports';
import { releaseHold } from '../use-cases/reservations/release-hold';
import type { ReleaseRequestOutcome } from '../use-cases/reservations/release-when-due';
import { releaseWhenDue } from '../use-cases/reservations/release-when-due';
import { documentClient as db, settings } from './composition';

/**
 * SQS consumer of delayed hold releases. Records are handled in parallel and independently, and only the failed
 * ones are reported (Powertools' batch processor; ReportBatchItemFailures on the event source), so SQS redelivers
 * just those. Releasing is idempotent, so a message delivered twice is harmless.
 */
export const releaseExpiredHoldHandler = (processRequest: (request: HoldReleaseRequest) => Promise<ReleaseRequestOutcome>) => {
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const request = decodeHoldReleaseMessage(record.body);
    if (!request) {
      // Redelivery cannot fix a malformed body: drop it, loudly.
      logger.error('dropping a malformed hold release message', { messageId: record.messageId });
      return;
    }
    try {
      if ((await processRequest(request)) === 'released') recordCount(BusinessMetric.holdsExpired);
    } catch (error) {
      logger.warn('hold release failed; SQS will redeliver', { ...request, error: error as Error });
      throw error;
    }
  };
  // A processor per invocation: it keeps the batch's state in the invocation's store when invocations run
  // concurrently (the local server), and there is none at init. A batch that failed whole is reported record by
  // record too: SQS redelivers each, as for a partial failure.
  return observedHandler<SQSEvent, SQSBatchResponse>().handler((event) =>
    processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), { throwOnFullBatchFailure: false }),
  );
};

const release = releaseHold({
  reservations: new DynamoReservationRepository(db, settings.tableName),
  holds: new DynamoSeatHoldRepository(db, settings.tableName),
  clock: systemClock,
});

export const handler = releaseExpiredHoldHandler(
  releaseWhenDue({ release, releases: selectHoldReleaseScheduler(), clock: systemClock }),
);
