import { DynamoLedgerRepository } from '../adapters/dynamodb/ledger-repository';
import { loadSettings } from '../config';
import { historyQuery } from '../contract/history-schemas';
import { listLedger } from '../use-cases/balance/list-ledger';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const list = listLedger({ ledger: new DynamoLedgerRepository(documentClient, settings.tableName) });

export const handler = httpRoute({ query: historyQuery, auth: authenticateUser() }, async ({ query, user }) => ({
  statusCode: 200,
  body: await list(user.userId, query.cursor),
}));
