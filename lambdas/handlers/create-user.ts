import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import { uuidGenerator } from '../adapters/system';
import { userKeys } from '../adapters/user-keys';
import { createUserBody } from '../contract/user-schemas';
import { registerUser } from '../use-cases/users/register-user';
import { documentClient as db, settings, signingKeys } from './composition';
import { requireChallenge } from './http/challenge';
import { httpRoute } from './http/http-route';

const register = registerUser({ users: new DynamoUserRepository(db, settings.tableName), ids: uuidGenerator, keys: userKeys });
const challenge = requireChallenge({ signingKeys, db, tableName: settings.tableName, maxNumber: settings.challengeMaxNumber });

// The only answer that ever carries this user key: the service keeps its hash, not the key.
export const handler = httpRoute({ body: createUserBody, middlewares: [challenge] }, async ({ body }) => {
  const user = await register(body.name);
  return { statusCode: 201, body: { userId: user.userId, name: user.name, userKey: user.userKey }, headers: { 'cache-control': 'no-store' } };
});
