import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import { reservationParams } from '../contract/schemas';
import { cancelReservation } from '../use-cases/reservations/cancel-reservation';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const cancel = cancelReservation({
  reservations: new DynamoReservationRepository(documentClient, settings.tableName),
  holds: new DynamoSeatHoldRepository(documentClient, settings.tableName),
  clock: systemClock,
});

export const handler = httpRoute({ params: reservationParams, auth: authenticateUser() }, async ({ params, user }) => {
  await cancel({ userId: user.userId, reservationId: params.reservationId });
  return { statusCode: 204 };
});
