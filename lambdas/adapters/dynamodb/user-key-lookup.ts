import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { UserKeyReader } from '../../use-cases/users/ports';
import { userKeyFromItem, userKeyKey } from './entities/user-key';

/**
 * Finds the user of a key hash: one consistent GetItem of `USERKEY#<hash>`. Apart from the user repository so that
 * every authenticating function bundles only this read, not the repository's transactions.
 */
export class DynamoUserKeyLookup implements UserKeyReader {
  public constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  public async findUserIdByKeyHash(keyHash: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: userKeyKey(keyHash), ConsistentRead: true }));
    return Item ? userKeyFromItem(Item).userId : undefined;
  }
}
