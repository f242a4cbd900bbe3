import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../../local/dynamodb-local';

export interface TestTable {
  readonly tableName: string;
  readonly db: DynamoDBDocumentClient;
}

/**
 * A fresh table on the run's DynamoDB Local (started by global-setup), so test files never share data.
 * Also sets TABLE_NAME so that handler modules imported afterwards use it. Without a stream unless asked:
 * only the outbox tests read it, and it slows DynamoDB Local's writes (see ensureTable).
 */
export const createTestTable = async (options: { readonly stream?: boolean } = {}): Promise<TestTable> => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run integration tests through jest (global setup starts DynamoDB Local)');
  const tableName = `test-${randomUUID()}`;
  await ensureTable(endpoint, tableName, { stream: options.stream ?? false });
  process.env.TABLE_NAME = tableName;
  return { tableName, db: createDocumentClient({ endpoint, maxAttempts: 5 }) };
};
