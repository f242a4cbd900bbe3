import { DynamoIdempotencyRecordRepository } from '../adapters/dynamodb/idempotency-record-repository';
import { DynamoPaymentRepository } from '../adapters/dynamodb/payment-repository';
import { DynamoReservationRepository } from '../adapters/dynamodb/reservation-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import { payBody } from '../contract/schemas';
import { idempotentOperations } from '../domain/idempotency';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { payReservation } from '../use-cases/payments/pay-reservation';
import { documentClient as db, queuePolicy, queueTokenReader, settings } from './composition';
import { authenticate, queueTokenVerifier } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';
import { claimsOfExpiredSignature, idempotentRequestOf, replayIdempotentRequest } from './http/idempotency';

const operation = idempotentOperations.payment;
const idempotencyRecords = new DynamoIdempotencyRecordRepository(db, settings.tableName);
const pay = payReservation({
  tokens: queueTokenReader,
  policy: queuePolicy,
  reservations: new DynamoReservationRepository(db, settings.tableName),
  payments: new DynamoPaymentRepository(db, settings.tableName),
  idempotencyRecords,
  clock: systemClock,
  ids: uuidGenerator,
});

export const handler = httpRoute(
  {
    body: payBody,
    // The replay runs before the liveness check: the payment ended the token, and its retry still gets the 201, also
    // once the token's signature has expired.
    auth: authenticate({ active: true }, [
      replayIdempotentRequest({ idempotencyRecords, operation }),
      claimsOfExpiredSignature({ verifier: queueTokenVerifier }),
    ]),
  },
  async ({ body, caller, event }) => {
    const idempotency = idempotentRequestOf(event, operation);
    const receipt = await pay({
      userId: caller.userId,
      tokenId: caller.tokenId,
      tokenConcertId: caller.concertId,
      reservationId: body.reservationId,
      idempotency,
    });
    recordCount(BusinessMetric.paymentsConfirmed);
    return { statusCode: operation.successStatus, body: receipt };
  },
);
