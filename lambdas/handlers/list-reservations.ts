import { DynamoReservationHistory } from '../adapters/dynamodb/reservation-history';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import { historyQuery } from '../contract/history-schemas';
import { listReservations } from '../use-cases/reservations/list-reservations';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const list = listReservations({ history: new DynamoReservationHistory(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute({ query: historyQuery, auth: authenticateUser() }, async ({ query, user }) => ({
  statusCode: 200,
  body: await list(user.userId, query.cursor),
}));
