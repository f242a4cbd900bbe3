import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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

  public async findUser(userId: string): Promise<User | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.user(userId) }));
    return Item ? { userId: Item.userId as string, name: Item.name as string } : undefined;
  }
}
