import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { systemClock } from '../adapters/system';
import { reservationParams } from '../contract/schemas';
import { getReservation } from '../use-cases/reservations/get-reservation';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const get = getReservation({ reservations: new DynamoReservationRepository(documentClient, settings.tableName), clock: systemClock });

export const handler = httpRoute({ params: reservationParams, auth: authenticateUser() }, async ({ params, caller }) => ({
  statusCode: 200,
  body: await get({ userId: caller.userId, reservationId: params.reservationId }),
}));
