import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LiveTokenLockReader } from '../../use-cases/queue/ports';
import { liveTokenLockAttribute, liveTokenLockKey, lockedTokenIdFromItem } from './entities/live-token-lock';

/** Reads the user's live-token lock of a concert (`USER#id/LIVE_TOKEN#concertId`), which names their live token. */
export class DynamoLiveTokenLookup implements LiveTokenLockReader {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findLockedTokenId(userId: string, concertId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: liveTokenLockKey(userId, concertId), ConsistentRead: true, ProjectionExpression: liveTokenLockAttribute.tokenId }),
    );
    return Item ? lockedTokenIdFromItem(Item) : undefined;
  }
}
