import { DynamoBalanceRepository } from '../adapters/dynamodb/balance-repository';
import { getBalance } from '../use-cases/balance/get-balance';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRouteWithoutInput } from './http/http-route';

const get = getBalance({ balances: new DynamoBalanceRepository(documentClient, settings.tableName) });

export const handler = httpRouteWithoutInput({ auth: authenticateUser() }, async ({ caller }) => ({
  statusCode: 200,
  body: await get(caller.userId),
}));
