import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import { userKeys } from '../adapters/user-keys';
import { rotateUserKeyBody } from '../contract/schemas';
import { rotateUserKey } from '../use-cases/users/rotate-user-key';
import { documentClient, settings } from './composition';
import { authenticateUser } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';

const rotate = rotateUserKey({ users: new DynamoUserRepository(documentClient, settings.tableName), keys: userKeys });

// "(user)": the current key or a live queue token; a user who lost the key can get a new one with a live token.
export const handler = httpRoute({ body: rotateUserKeyBody, bodyOptional: true, auth: authenticateUser() }, async ({ caller }) => ({
  statusCode: 200,
  body: await rotate(caller.userId),
  headers: { 'cache-control': 'no-store' },
}));
