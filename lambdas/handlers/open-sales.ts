import type { ScheduledEvent } from 'aws-lambda';
import { DynamoConcertRepository } from '../adapters/dynamodb/concert-repository';
import { systemClock } from '../adapters/system';
import { logger } from '../observability/logger';
import { observedHandler } from '../observability/observed-handler';
import { openDueSales } from '../use-cases/sale/open-due-sales';
import { documentClient as db, settings } from './composition';
import { dynamoOpenSale } from './sale-opening';

const run = openDueSales({
  concerts: new DynamoConcertRepository(db, settings.tableName),
  open: dynamoOpenSale(db, settings),
  clock: systemClock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  // One schedule period ahead: each run draws the openings that fall before the next run, on the dot.
  lookaheadMs: settings.saleOpenerIntervalSeconds * 1000,
});

/**
 * Scheduled every SALE_OPENER_INTERVAL_SECONDS (a minute on AWS, a second locally): waits for each opening of
 * the coming period and draws its pre-queue at that instant; anything overdue is drawn at once.
 */
export const handler = observedHandler<ScheduledEvent, { opened: number; failures: number }>().handler(async () => {
  const results = await run();
  let opened = 0;
  for (const result of results) {
    if (result.status === 'rejected') logger.warn('sale opening failed; the next run retries it', { error: result.reason as Error });
    else if (result.value.outcome === 'opened') {
      opened += 1;
      logger.info('sale opened', { ...result.value });
    }
  }
  return { opened, failures: results.filter((result) => result.status === 'rejected').length };
});
