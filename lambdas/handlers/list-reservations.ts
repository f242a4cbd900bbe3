import { DynamoReservationHistory } from '../adapters/dynamodb/reservation-history';
import { systemClock } from '../adapters/system';
import { historyQuery } from '../contract/history-schemas';
import { listReservations } from '../use-cases/reservations/list-reservations';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const list = listReservations({ history: new DynamoReservationHistory(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute({ query: historyQuery, auth: authenticateUser() }, async ({ query, caller }) => ({
  statusCode: 200,
  body: await list(caller.userId, query.cursor),
}));
