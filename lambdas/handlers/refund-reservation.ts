import { DynamoIdempotencyRecordRepository } from '../adapters/dynamodb/idempotency-record-repository';
import { DynamoRefundRepository } from '../adapters/dynamodb/refund-repository';
import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import { refundBody, reservationParams } from '../contract/schemas';
import { idempotentOperations } from '../domain/idempotency';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { refundReservation } from '../use-cases/payments/refund-reservation';
import { documentClient as db, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';
import { idempotentRequestOf, replayIdempotentRequest } from './http/idempotency';

const operation = idempotentOperations.refund;
const idempotencyRecords = new DynamoIdempotencyRecordRepository(db, settings.tableName);
const refund = refundReservation({
  reservations: new DynamoReservationRepository(db, settings.tableName),
  refunds: new DynamoRefundRepository(db, settings.tableName),
  idempotencyRecords,
  clock: systemClock,
  ids: uuidGenerator,
  settings,
});

export const handler = httpRoute(
  {
    params: reservationParams,
    body: refundBody,
    auth: authenticateUser(),
    middlewares: [replayIdempotentRequest({ idempotencyRecords, operation })],
  },
  async ({ params, caller, event }) => {
    const idempotency = idempotentRequestOf(event, operation);
    const receipt = await refund({ userId: caller.userId, reservationId: params.reservationId, idempotency });
    recordCount(BusinessMetric.refundsConfirmed);
    return { statusCode: operation.successStatus, body: receipt };
  },
);
