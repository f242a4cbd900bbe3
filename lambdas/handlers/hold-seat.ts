import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import { holdSeatBody, seatNosOf } from '../contract/hold-schemas';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { holdSeats } from '../use-cases/reservations/hold-seat';
import { documentClient, settings } from './composition';
import { verifyBearer } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const hold = holdSeats({
  holds: new DynamoSeatHoldRepository(documentClient, settings.tableName),
  reservations: new DynamoReservationRepository(documentClient, settings.tableName),
  clock: systemClock,
  ids: uuidGenerator,
  settings,
  policy: settings,
});

export const handler = httpRoute(
  // Only the JWT here: the use case reads the token (live, ACTIVE, this concert) together with the seats.
  { body: holdSeatBody, auth: verifyBearer() },
  async ({ body, caller }) => {
    const reservation = await hold({ userId: caller.userId, caller, concertId: body.concertId, date: body.date, seatNos: seatNosOf(body) });
    recordCount(BusinessMetric.holdsPlaced);
    return { statusCode: 201, body: reservation };
  },
);
