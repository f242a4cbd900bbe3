import { DynamoConcertRepository } from '../adapters/dynamodb/concert-repository';
import { publicViewMaxAgeMs, reuseRecentResults } from '../adapters/recent-results';
import { systemClock } from '../adapters/system';
import { listConcerts } from '../use-cases/concerts/list-concerts';
import { documentClient, settings } from './composition';
import { httpRouteWithoutInput } from './http/http-route';
import { isoOrNull } from './http/iso-time';

// The catalog partition is one item collection every fan's first page reads: one read per instance per second.
const list = reuseRecentResults(publicViewMaxAgeMs, systemClock, listConcerts({ concerts: new DynamoConcertRepository(documentClient, settings.tableName), clock: systemClock }));

export const handler = httpRouteWithoutInput({}, async () => {
  const concerts = await list('catalog');
  return {
    statusCode: 200,
    body: {
      concerts: concerts.map(({ concertId, title, venue, saleOpensAtMs, status }) => ({ concertId, title, venue, saleOpensAt: isoOrNull(saleOpensAtMs), status })),
    },
  };
});
