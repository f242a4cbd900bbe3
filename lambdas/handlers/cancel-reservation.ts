import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { systemClock } from '../adapters/system';
import { reservationParams } from '../contract/schemas';
import { cancelReservation } from '../use-cases/reservations/cancel-reservation';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const cancel = cancelReservation({
  reservations: new DynamoReservationRepository(documentClient, settings.tableName),
  holds: new DynamoSeatHoldRepository(documentClient, settings.tableName),
  clock: systemClock,
});

export const handler = httpRoute({ params: reservationParams, auth: authenticateUser() }, async ({ params, caller }) => {
  await cancel({ userId: caller.userId, reservationId: params.reservationId });
  return { statusCode: 204 };
});
