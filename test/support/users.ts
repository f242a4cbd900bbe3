import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoUserRepository } from '../../lambdas/adapters/dynamodb/user-repository';
import { uuidGenerator } from '../../lambdas/adapters/system';
import { userKeys } from '../../lambdas/adapters/user-keys';
import { registerUser } from '../../lambdas/use-cases/users/register-user';

export interface UserWithKey {
  readonly userId: string;
  readonly userKey: string;
}

/** Registers users through the real use case on a test table; each comes with the user key POST /users would return. */
export const userRegistry = (table: { readonly db: DynamoDBDocumentClient; readonly tableName: string }) => {
  const register = registerUser({ users: new DynamoUserRepository(table.db, table.tableName), ids: uuidGenerator, keys: userKeys });
  return async (name = 'Fan'): Promise<UserWithKey> => {
    const { userId, userKey } = await register(name);
    return { userId, userKey };
  };
};
