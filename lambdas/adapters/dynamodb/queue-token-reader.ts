import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueToken } from '../../domain/queue';
import type { QueueTokenReader } from '../../use-cases/queue/ports';
import { queueTokenFromItem, queueTokenKey } from './entities/queue-token';

/** One token, strongly consistent: a token that just died or was just admitted reads as such. */
export const findQueueToken = async (db: DynamoDBDocumentClient, tableName: string, tokenId: string): Promise<QueueToken | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: queueTokenKey(tokenId), ConsistentRead: true }));
  return Item ? queueTokenFromItem(Item) : undefined;
};

/**
 * Reads queue tokens, all that authentication needs: apart from the repository that issues, polls and ends them,
 * so that the many routes that only check a token do not bundle that code.
 */
export class DynamoQueueTokenReader implements QueueTokenReader {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public findToken(tokenId: string): Promise<QueueToken | undefined> {
    return findQueueToken(this.db, this.tableName, tokenId);
  }
}
