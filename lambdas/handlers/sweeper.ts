import type { ScheduledEvent } from 'aws-lambda';
import { DynamoConcertRepository } from '../adapters/dynamodb/concert-repository';
import { DynamoExpiryIndex } from '../adapters/dynamodb/queue-expiry-index';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../adapters/dynamodb/queue-waiting-line';
import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { systemClock } from '../adapters/system';
import { logger } from '../observability/logger';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { observedHandler } from '../observability/observed-handler';
import { releaseHold } from '../use-cases/reservations/release-hold';
import type { SweepReport } from '../use-cases/sweeper/sweep';
import { sweep } from '../use-cases/sweeper/sweep';
import { documentClient as db, settings } from './composition';
import { dynamoOpenSale } from './sale-opening';

const run = sweep({
  expiry: new DynamoExpiryIndex(db, settings.tableName),
  line: new DynamoWaitingLine(db, settings.tableName, settings.queueShards),
  rooms: new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock),
  tokens: new DynamoQueueTokenRepository(db, settings.tableName, settings.queueShards),
  concerts: new DynamoConcertRepository(db, settings.tableName),
  releaseHold: releaseHold({
    reservations: new DynamoReservationRepository(db, settings.tableName),
    holds: new DynamoSeatHoldRepository(db, settings.tableName),
    clock: systemClock,
  }),
  openSale: dynamoOpenSale(db, settings),
  clock: systemClock,
  policy: settings,
});

/**
 * Scheduled (EventBridge on AWS, a timer locally): expires what is due, then admits waiters into free slots.
 * Failures of single items are logged and left for the next run; the run itself only fails when it could not
 * start (e.g. the table is unreachable), so the schedule's retry covers that.
 */
export const handler = observedHandler<ScheduledEvent, Omit<SweepReport, 'failures'> & { failures: number }>().handler(async () => {
  const report = await run();
  for (const failure of report.failures.slice(0, 5)) logger.warn('sweep item failed', { error: failure as Error });
  const summary = { ...report, failures: report.failures.length };
  // A run that found nothing to do is the normal case, every few seconds: say nothing rather than bury the rest.
  if (Object.values(summary).some((count) => count > 0)) logger.info('sweep changed something', summary);
  recordCount(BusinessMetric.tokensAdmitted, report.admitted);
  recordCount(BusinessMetric.tokensExpired, report.expiredTokens);
  recordCount(BusinessMetric.holdsExpired, report.releasedHolds);
  return summary;
});
