import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SpentChallenges } from '../../use-cases/challenges/ports';
import { spentChallengeToItem } from './entities/spent-challenge';

/**
 * One item per accepted solution (`CHALLENGE#<challenge hash>`), put only if absent: a solution is accepted once.
 * Its TTL is the challenge's own expiry, after which the signature check refuses it anyway; each item has its own
 * partition, so a surge of solutions spreads over the table.
 */
export class DynamoSpentChallenges implements SpentChallenges {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async spend(challengeHash: string, expiresAtMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: spentChallengeToItem(challengeHash, expiresAtMs),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
