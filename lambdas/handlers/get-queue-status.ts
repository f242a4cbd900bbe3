import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { publicViewMaxAgeMs, reuseRecentResults } from '../adapters/recent-results';
import { systemClock } from '../adapters/system';
import { concertParams } from '../contract/schemas';
import { getQueueStatus } from '../use-cases/queue/get-queue-status';
import { documentClient, settings } from './composition';
import { httpRoute } from './http/http-route';
import { isoOrNull } from './http/iso-time';

// Public and refreshed by every fan in a surge: one storage read per instance per second is plenty.
const status = reuseRecentResults(publicViewMaxAgeMs, systemClock, getQueueStatus({
  rooms: new DynamoRoomRepository(documentClient, settings.tableName, settings.queueShards, systemClock),
  clock: systemClock,
  // Settings carries the queue policy fields under the same names.
  policy: settings,
}));

export const handler = httpRoute({ params: concertParams }, async ({ params }) => {
  const { saleOpensAtMs, ...room } = await status(params.concertId);
  return {
    statusCode: 200,
    body: {
      concertId: room.concertId,
      status: room.status,
      saleOpensAt: isoOrNull(saleOpensAtMs),
      waiting: room.waiting,
      active: room.active,
      maxActive: room.maxActive,
      admittedLastMinute: room.admittedLastMinute,
    },
  };
});
