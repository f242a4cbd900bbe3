import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../adapters/dynamodb/seat-hold-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import { loadSettings } from '../config';
import { holdSeatBody, seatNosOf } from '../contract/hold-schemas';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { holdSeats } from '../use-cases/reservations/hold-seat';
import { authenticate, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';
import type { RouteEvent } from './http/types';

const settings = loadSettings();
const hold = holdSeats({
  holds: new DynamoSeatHoldRepository(documentClient, settings.tableName),
  reservations: new DynamoReservationRepository(documentClient, settings.tableName),
  clock: systemClock,
  ids: uuidGenerator,
  settings,
});

const concertIdOfBody = (event: RouteEvent): string | undefined => (event.validated?.body as { concertId?: string } | undefined)?.concertId;

export const handler = httpRoute(
  { body: holdSeatBody, middlewares: authenticate({ active: true, concertIdOf: concertIdOfBody }) },
  async ({ body, caller }) => {
    const reservation = await hold({ userId: caller!.userId, concertId: body.concertId, date: body.date, seatNos: seatNosOf(body) });
    recordCount(BusinessMetric.holdsPlaced);
    return { statusCode: 201, body: reservation };
  },
);
