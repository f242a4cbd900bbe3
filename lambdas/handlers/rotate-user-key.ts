import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import { userKeys } from '../adapters/user-keys';
import { loadSettings } from '../config';
import { rotateUserKey } from '../use-cases/users/rotate-user-key';
import { authenticateUser, documentClient } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const rotate = rotateUserKey({ users: new DynamoUserRepository(documentClient, settings.tableName), keys: userKeys });

// "(user)": the current key or a live queue token; a user who lost the key can get a new one with a live token.
export const handler = httpRoute({ auth: authenticateUser() }, async ({ user }) => ({
  statusCode: 200,
  body: await rotate(user.userId),
  headers: { 'cache-control': 'no-store' },
}));
