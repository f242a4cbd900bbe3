import { DynamoConcertRepository } from '../adapters/dynamodb/concert-repository';
import { DynamoSeatRepository } from '../adapters/dynamodb/seat-repository';
import { publicViewMaxAgeMs, reuseRecentResults } from '../adapters/recent-results';
import { systemClock } from '../adapters/system';
import { concertParams } from '../contract/schemas';
import { listBookableDates } from '../use-cases/concerts/list-bookable-dates';
import { documentClient as db, settings } from './composition';
import { httpRoute } from './http/http-route';

// Public and refreshed by every fan in a surge: one read of each date's seats per instance per second is plenty.
const listDates = reuseRecentResults(publicViewMaxAgeMs, systemClock, listBookableDates({
  concerts: new DynamoConcertRepository(db, settings.tableName),
  seats: new DynamoSeatRepository(db, settings.tableName),
  clock: systemClock,
}));

export const handler = httpRoute({ params: concertParams }, async ({ params }) => ({
  statusCode: 200,
  body: { concertId: params.concertId, dates: await listDates(params.concertId) },
}));
