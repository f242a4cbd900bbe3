import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '../../domain/user';
import type { UserRepository } from '../../use-cases/users/ports';
import { keys } from './table';

export class DynamoUserRepository implements UserRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async createUser(user: User): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.user(user.userId), entity: 'User', ...user, balance: 0, createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // A random UUID collided: astronomically unlikely, and never silently overwrite a user.
      if (error instanceof ConditionalCheckFailedException) throw new Error('user id collision', { cause: error });
      throw error;
    }
  }
}
