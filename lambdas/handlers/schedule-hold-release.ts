import type { Context, DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { isReservationInsert, placedHoldOf } from '../adapters/dynamodb/placed-holds-stream';
import { selectHoldReleaseScheduler } from '../adapters/hold-release/select-hold-release-scheduler';
import { logger } from '../observability/logger';
import type { HoldReleaseScheduler } from '../use-cases/reservations/ports';

/**
 * Table stream consumer: every placed hold becomes a delayed release message. Holds are written first and
 * announced from the stream (an outbox), so a hold request never waits on SQS, and a hold whose message could
 * not be sent is retried by Lambda instead of lost. Sends run in parallel; Lambda resumes the stream from the
 * lowest failed sequence number, so a release may be scheduled twice, which releasing tolerates.
 */
export const scheduleHoldReleaseHandler =
  (releases: HoldReleaseScheduler) =>
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    // Invoked by the event source mapping on AWS, with a context; by the local stream poller, without.
    if (context) logger.addContext(context);
    const failures = await Promise.all(
      event.Records.map(async (record): Promise<DynamoDBBatchItemFailure | undefined> => {
        const request = placedHoldOf(record);
        if (!request) {
          // Past the filter but unreadable: the item's shape changed. Retrying cannot help; the sweeper releases it.
          if (isReservationInsert(record)) logger.error('skipping a reservation insert without a readable hold', { sequenceNumber: record.dynamodb?.SequenceNumber });
          return undefined;
        }
        try {
          await releases.scheduleRelease(request);
          return undefined;
        } catch (error) {
          logger.warn('could not schedule a hold release; the stream will retry', { ...request, error: error as Error });
          return { itemIdentifier: record.dynamodb?.SequenceNumber ?? '' };
        }
      }),
    );
    return { batchItemFailures: failures.filter((failure) => failure !== undefined) };
  };

export const handler = scheduleHoldReleaseHandler(selectHoldReleaseScheduler());
