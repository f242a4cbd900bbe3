import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import { reservationParams } from '../contract/schemas';
import { getReservation } from '../use-cases/reservations/get-reservation';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const get = getReservation({ reservations: new DynamoReservationRepository(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute({ params: reservationParams, auth: authenticateUser() }, async ({ params, user }) => ({
  statusCode: 200,
  body: await get({ userId: user.userId, reservationId: params.reservationId }),
}));
