import { DynamoLedgerRepository } from '../adapters/dynamodb/ledger-repository';
import { historyQuery } from '../contract/history-schemas';
import { listLedger } from '../use-cases/balance/list-ledger';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const list = listLedger({ ledger: new DynamoLedgerRepository(documentClient, settings.tableName) });

export const handler = httpRoute({ query: historyQuery, auth: authenticateUser() }, async ({ query, caller }) => ({
  statusCode: 200,
  body: await list(caller.userId, query.cursor),
}));
