import { DynamoBalanceRepository } from '../adapters/dynamodb/balance-repository';
import { DynamoIdempotencyRecordRepository } from '../adapters/dynamodb/idempotency-record-repository';
import { systemClock, uuidGenerator } from '../adapters/system';
import { chargeBody } from '../contract/balance-schemas';
import { idempotentOperations } from '../domain/idempotency';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { chargeBalance } from '../use-cases/balance/charge-balance';
import { documentClient as db, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';
import { idempotentRequestOf } from './http/idempotency';

const operation = idempotentOperations.charge;
const idempotencyRecords = new DynamoIdempotencyRecordRepository(db, settings.tableName);
const charge = chargeBalance({
  balances: new DynamoBalanceRepository(db, settings.tableName),
  idempotencyRecords,
  clock: systemClock,
  ids: uuidGenerator,
});

export const handler = httpRoute(
  {
    body: chargeBody,
    // No replay middleware: reading the key's record before every charge would cost each one a call. The charge's
    // own transaction meets the record of a retried key and answers from it.
    auth: authenticateUser(),
  },
  async ({ body, caller, event }) => {
    const idempotency = idempotentRequestOf(event, operation);
    const receipt = await charge({ userId: caller.userId, amount: body.amount, idempotency });
    recordCount(BusinessMetric.balanceCharged);
    return { statusCode: operation.successStatus, body: receipt };
  },
);
