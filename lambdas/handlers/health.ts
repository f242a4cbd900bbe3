import { DynamoStorageProbe } from '../adapters/dynamodb/storage-probe';
import { checkHealth } from '../use-cases/health/check-health';
import { documentClient, settings } from './composition';
import { httpRoute } from './http/http-route';

const check = checkHealth({ storage: new DynamoStorageProbe(documentClient, settings.tableName) });

export const handler = httpRoute({}, async () => ({ statusCode: 200, body: await check() }));
