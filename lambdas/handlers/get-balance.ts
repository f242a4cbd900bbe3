import { DynamoBalanceRepository } from '../adapters/dynamodb/balance-repository';
import { loadSettings } from '../config';
import { getBalance } from '../use-cases/balance/get-balance';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const get = getBalance({ balances: new DynamoBalanceRepository(documentClient, settings.tableName) });

export const handler = httpRoute({ auth: authenticateUser() }, async ({ user }) => ({
  statusCode: 200,
  body: await get(user.userId),
}));
