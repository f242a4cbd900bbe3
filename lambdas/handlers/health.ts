import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoStorageProbe } from '../adapters/dynamodb/storage-probe';
import { loadSettings } from '../config';
import { checkHealth } from '../use-cases/health/check-health';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const check = checkHealth({ storage: new DynamoStorageProbe(createDocumentClient(), settings.tableName) });

export const handler = httpRoute({}, async () => ({ statusCode: 200, body: await check() }));
