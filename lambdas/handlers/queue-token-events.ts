import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../adapters/dynamodb/queue-token-repository';
import { roomChangeOf } from '../adapters/dynamodb/queue-token-stream';
import { DynamoWaitingLine } from '../adapters/dynamodb/queue-waiting-line';
import { systemClock } from '../adapters/system';
import { selectTokenExpiryScheduler } from '../adapters/token-expiry/select-token-expiry-scheduler';
import { logger } from '../observability/logger';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { observedHandler } from '../observability/observed-handler';
import type { RoomChange } from '../use-cases/admission/ports';
import type { TokenChangesOutcome } from '../use-cases/admission/react-to-token-changes';
import { reactToTokenChanges } from '../use-cases/admission/react-to-token-changes';
import { admitWaiting } from '../use-cases/sweeper/admit-waiting';
import { documentClient as db, settings } from './composition';
import { dynamoOpenSale } from './sale-opening';

/**
 * Table stream consumer for queue tokens (the event-driven admission): a token that became ACTIVE gets its expiry
 * scheduled, and a room where an ACTIVE token died, a waiter joined or the operator changed the sale (a resume, a
 * larger room, an opening moved to now) is drawn if due and refilled at once, with this deployment's settings.
 * Lambda resumes the stream from the lowest failed record, so a change may be handled twice, which every action
 * tolerates (the draw happens once). Not Powertools' batch processor: that handles each record on its own, and this
 * consumer reacts to the batch as a whole (one admission run per room, however many of its tokens changed).
 */
export const queueTokenEventsHandler = (react: (changes: readonly RoomChange[]) => Promise<TokenChangesOutcome>) =>
  observedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    const recordOf = new Map<RoomChange, DynamoDBRecord>();
    for (const record of event.Records) {
      const change = roomChangeOf(record);
      if (change) recordOf.set(change, record);
    }
    const { failed, admitted } = await react([...recordOf.keys()]);
    recordCount(BusinessMetric.tokensAdmitted, admitted);
    if (failed.size > 0) logger.warn('some queue token changes failed; the stream will retry them', { failed: failed.size });
    return { batchItemFailures: [...failed].map((change) => ({ itemIdentifier: recordOf.get(change)?.dynamodb?.SequenceNumber ?? '' })) };
  });

export const handler = queueTokenEventsHandler(
  reactToTokenChanges({
    admit: admitWaiting({
      line: new DynamoWaitingLine(db, settings.tableName, settings.queueShards),
      rooms: new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock),
      tokens: new DynamoQueueTokenRepository(db, settings.tableName, settings.queueShards),
      clock: systemClock,
      policy: settings,
    }),
    open: dynamoOpenSale(db, settings),
    expiries: selectTokenExpiryScheduler(),
  }),
);
