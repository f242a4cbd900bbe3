import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isReservationInsert, placedHoldOf } from '../adapters/dynamodb/placed-holds-stream';
import { selectHoldReleaseScheduler } from '../adapters/hold-release/select-hold-release-scheduler';
import { logger } from '../observability/logger';
import { observedHandler } from '../observability/observed-handler';
import type { HoldReleaseScheduler } from '../use-cases/reservations/ports';

/**
 * Table stream consumer: every placed hold becomes a delayed release message. Holds are written first and
 * announced from the stream (an outbox), so a hold request never waits on SQS, and a hold whose message could
 * not be sent is retried by Lambda instead of lost. Sends run in parallel; Lambda resumes the stream from the
 * lowest failed sequence number, so a release may be scheduled twice, which releasing tolerates.
 */
export const scheduleHoldReleaseHandler = (releases: HoldReleaseScheduler) => {
  const processRecord = async (record: DynamoDBRecord): Promise<void> => {
    const request = placedHoldOf(record);
    if (!request) {
      // Past the filter but unreadable: the item's shape changed. Retrying cannot help; the sweeper releases it.
      if (isReservationInsert(record)) logger.error('skipping a reservation insert without a readable hold', { sequenceNumber: record.dynamodb?.SequenceNumber });
      return;
    }
    try {
      await releases.scheduleRelease(request);
    } catch (error) {
      logger.warn('could not schedule a hold release; the stream will retry', { ...request, error: error as Error });
      throw error;
    }
  };
  // A processor per invocation: it keeps the batch's state in the invocation's store when invocations run
  // concurrently (the local server), and there is none at init. Failures are reported by sequence number, even
  // when the whole batch failed.
  return observedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
    processPartialResponse(event, processRecord, new BatchProcessor(EventType.DynamoDBStreams), { throwOnFullBatchFailure: false }),
  );
};

export const handler = scheduleHoldReleaseHandler(selectHoldReleaseScheduler());
