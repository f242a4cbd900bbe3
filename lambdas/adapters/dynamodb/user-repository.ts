import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '../../domain/user';
import type { KeyReplacement, UserRepository } from '../../use-cases/users/ports';
import { keyHashFromItem, newUserItem, userAttribute, userProfileKey } from './entities/user';
import { userKeyAttribute, userKeyKey, userKeyToItem } from './entities/user-key';
import { DynamoUserKeyLookup } from './user-key-lookup';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * Users and their keys. The profile (`USER#id/PROFILE`) keeps the hash of the current key; the lookup item
 * (`USERKEY#hash/USERKEY`) maps that hash back to the user, so authenticating a key is one GetItem by its hash.
 */
export class DynamoUserRepository extends DynamoUserKeyLookup implements UserRepository {
  public async createUser(user: User, keyHash: string): Promise<void> {
    const createdAt = new Date().toISOString();
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: newUserItem(user, keyHash, createdAt),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        this.putKeyItem(keyHash, user.userId, createdAt),
      ]);
    } catch (error) {
      // A random UUID or 256-bit key collided: astronomically unlikely, and never silently overwrite either.
      if (error instanceof TransactionConditionFailed) throw new Error('user id or key collision', { cause: error });
      throw error;
    }
  }

  public async replaceKey(userId: string, newKeyHash: string): Promise<KeyReplacement> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: userProfileKey(userId), ConsistentRead: true, ProjectionExpression: userAttribute.keyHash }),
    );
    if (!Item) return { kind: 'userNotFound' };
    const oldKeyHash = keyHashFromItem(Item);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: userProfileKey(userId),
          UpdateExpression: 'SET #keyHash = :new',
          // A user created before keys existed has none yet: a live queue token of theirs can get them one.
          ConditionExpression: oldKeyHash === undefined ? 'attribute_exists(pk) AND attribute_not_exists(#keyHash)' : '#keyHash = :old',
          ExpressionAttributeNames: { '#keyHash': userAttribute.keyHash },
          ExpressionAttributeValues: { ':new': newKeyHash, ...(oldKeyHash === undefined ? {} : { ':old': oldKeyHash }) },
        },
      },
      this.putKeyItem(newKeyHash, userId, new Date().toISOString()),
      ...(oldKeyHash === undefined
        ? []
        : [
            {
              Delete: {
                TableName: this.tableName,
                Key: userKeyKey(oldKeyHash),
                ConditionExpression: `${userKeyAttribute.userId} = :user`,
                ExpressionAttributeValues: { ':user': userId },
              },
            },
          ]),
    ];
    try {
      await transactWrite(this.db, items);
      return { kind: 'replaced' };
    } catch (error) {
      // Another rotation replaced the key since the read: the caller reads again.
      if (error instanceof TransactionConditionFailed) return { kind: 'keyChanged' };
      throw error;
    }
  }

  private putKeyItem(keyHash: string, userId: string, createdAt: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: userKeyToItem(keyHash, userId, createdAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}
