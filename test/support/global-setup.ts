import { startDynamoDbLocalOnFreePort } from '../../local/dynamodb-local';

/** One in-memory DynamoDB Local for the whole run, on a free port; test files make their own tables. */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (process.env.DYNAMODB_ENDPOINT) return;
  const dynamo = await startDynamoDbLocalOnFreePort({ dataDir: ':memory:' });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamoDbLocal?: typeof dynamo }).__dynamoDbLocal = dynamo;
}
