import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../adapters/dynamodb/queue-waiting-line';
import { systemClock } from '../adapters/system';
import { decodeTokenExpiryMessage } from '../adapters/token-expiry/message';
import { selectTokenExpiryScheduler } from '../adapters/token-expiry/select-token-expiry-scheduler';
import { logger } from '../observability/logger';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { observedHandler } from '../observability/observed-handler';
import type { TokenExpiryRequest } from '../use-cases/admission/ports';
import type { TokenExpiryOutcome } from '../use-cases/admission/expire-active-token';
import { expireActiveToken } from '../use-cases/admission/expire-active-token';
import { admitWaiting } from '../use-cases/sweeper/admit-waiting';
import { documentClient as db, settings } from './composition';

/**
 * SQS consumer of ACTIVE token expiries: ends the token at its deadline and admits the next in line. Records are
 * handled in parallel and independently, and only the failed ones are reported (Powertools' batch processor), so
 * SQS redelivers just those; expiring is idempotent, so a message delivered twice is harmless.
 */
export const expireActiveTokenHandler = (processRequest: (request: TokenExpiryRequest) => Promise<TokenExpiryOutcome>) => {
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const request = decodeTokenExpiryMessage(record.body);
    if (!request) {
      // Redelivery cannot fix a malformed body: drop it, loudly (the sweeper expires the token).
      logger.error('dropping a malformed token expiry message', { messageId: record.messageId });
      return;
    }
    try {
      const outcome = await processRequest(request);
      if (outcome.kind === 'expired') {
        recordCount(BusinessMetric.tokensExpired);
        recordCount(BusinessMetric.tokensAdmitted, outcome.admitted);
      }
    } catch (error) {
      logger.warn('token expiry failed; SQS will redeliver', { ...request, error: error as Error });
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

const tokens = new DynamoQueueTokenRepository(db, settings.tableName, settings.queueShards);

export const handler = expireActiveTokenHandler(
  expireActiveToken({
    tokens,
    admit: admitWaiting({
      line: new DynamoWaitingLine(db, settings.tableName, settings.queueShards),
      rooms: new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock),
      tokens,
      clock: systemClock,
      policy: settings,
    }),
    expiries: selectTokenExpiryScheduler(),
    clock: systemClock,
    policy: settings,
  }),
);
