import { DynamoBalanceRepository } from '../adapters/dynamodb/balance-repository';
import { loadSettings } from '../config';
import { getBalance } from '../use-cases/balance/get-balance';
import { authenticate, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const get = getBalance({ balances: new DynamoBalanceRepository(documentClient, settings.tableName) });

export const handler = httpRoute({ middlewares: authenticate() }, async ({ caller }) => ({
  statusCode: 200,
  body: await get(caller!.userId),
}));
