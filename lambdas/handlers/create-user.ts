import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import { uuidGenerator } from '../adapters/system';
import { userKeys } from '../adapters/user-keys';
import { loadSettings } from '../config';
import { createUserBody } from '../contract/schemas';
import { registerUser } from '../use-cases/users/register-user';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const register = registerUser({ users: new DynamoUserRepository(createDocumentClient(), settings.tableName), ids: uuidGenerator, keys: userKeys });

// The only answer that ever carries this user key: the service keeps its hash, not the key.
export const handler = httpRoute({ body: createUserBody }, async ({ body }) => {
  const user = await register(body.name);
  return { statusCode: 201, body: { userId: user.userId, name: user.name, userKey: user.userKey }, headers: { 'cache-control': 'no-store' } };
});
