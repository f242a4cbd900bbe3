import { DynamoSeatRepository } from '../adapters/dynamodb/seat-repository';
import { systemClock } from '../adapters/system';
import { concertDateParams } from '../contract/date-schemas';
import { listSeatMap } from '../use-cases/seats/list-seat-map';
import { documentClient, settings } from './composition';
import { authenticate } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const seatMap = listSeatMap({ seats: new DynamoSeatRepository(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute(
  {
    params: concertDateParams,
    auth: authenticate({ active: true, concertIdOf: (event) => (event.validated?.params as { concertId: string }).concertId }),
  },
  async ({ params }) => ({ statusCode: 200, body: await seatMap(params.concertId, params.date) }),
);
