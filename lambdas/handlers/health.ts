import { DynamoStorageProbe } from '../adapters/dynamodb/storage-probe';
import { checkHealth } from '../use-cases/health/check-health';
import { documentClient, settings } from './composition';
import { httpRouteWithoutInput } from './http/http-route';

const check = checkHealth({ storage: new DynamoStorageProbe(documentClient, settings.tableName) });

export const handler = httpRouteWithoutInput({}, async () => ({ statusCode: 200, body: await check() }));
