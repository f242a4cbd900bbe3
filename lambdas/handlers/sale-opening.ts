import { randomInt } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoConcertFinder } from '../adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../adapters/dynamodb/queue-waiting-line';
import { DynamoSaleDrawRepository } from '../adapters/dynamodb/sale-draw-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import type { Settings } from '../config';
import { openSale } from '../use-cases/sale/open-sale';
import { admitWaiting } from '../use-cases/sweeper/admit-waiting';

/**
 * The opening of one sale wired to DynamoDB, with node:crypto's randomInt for the draw: shared by the sale opener,
 * the sweeper (safety net) and `admin sale` (an opening moved to now).
 */
export const dynamoOpenSale = (db: DynamoDBDocumentClient, settings: Settings) => {
  const rooms = new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock);
  return openSale({
    concerts: dynamoConcertFinder(db, settings.tableName),
    draws: new DynamoSaleDrawRepository(db, settings.tableName, settings.queueShards),
    admit: admitWaiting({
      line: new DynamoWaitingLine(db, settings.tableName, settings.queueShards),
      rooms,
      tokens: new DynamoQueueTokenRepository(db, settings.tableName, settings.queueShards),
      clock: systemClock,
      policy: settings,
    }),
    clock: systemClock,
    ids: uuidGenerator,
    randomBelow: (n) => randomInt(n),
    policy: settings,
  });
};
