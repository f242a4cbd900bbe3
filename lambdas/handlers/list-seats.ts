import { DynamoSeatRepository } from '../adapters/dynamodb/seat-repository';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import { concertDateParams } from '../contract/schemas';
import { listSeatMap } from '../use-cases/seats/list-seat-map';
import { authenticate, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const seatMap = listSeatMap({ seats: new DynamoSeatRepository(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute(
  {
    params: concertDateParams,
    middlewares: authenticate({ active: true, concertIdOf: (event) => (event.validated?.params as { concertId: string }).concertId }),
  },
  async ({ params }) => ({ statusCode: 200, body: await seatMap(params.concertId, params.date) }),
);
