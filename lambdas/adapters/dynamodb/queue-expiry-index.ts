import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DueItem, ExpiryIndex } from '../../use-cases/sweeper/ports';
import { batchGetItems } from './queue-batch-get';
import { itemKeyFromItem } from './entities/item';
import { queueTokenEntity, queueTokenFromItem } from './entities/queue-token';
import { reservationEntity } from './entities/reservation';
import { expiryShardCount, indexKeys } from './table';
import type { ItemKey } from './table';

const pageSize = 100;

const toDueItem = (item: Record<string, unknown>): DueItem | undefined => {
  if (item.entity === queueTokenEntity) return { entity: 'QueueToken', token: queueTokenFromItem(item) };
  if (item.entity === reservationEntity && typeof item.reservationId === 'string') {
    return { entity: 'Reservation', reservationId: item.reservationId };
  }
  return undefined;
};

/**
 * The sparse, KEYS_ONLY `expiry` index: per shard, `expiresAt <= now`, a page at a time; each page's items are then
 * read in full with one strongly consistent BatchGetItem (an item that moved on since is still returned and
 * judged by its current state).
 */
export class DynamoExpiryIndex implements ExpiryIndex {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async *dueItems(nowMs: number): AsyncIterable<DueItem[]> {
    for (let shard = 0; shard < expiryShardCount; shard += 1) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'expiry',
            KeyConditionExpression: 'expiryPk = :shard AND expiresAt <= :now',
            ExpressionAttributeValues: { ':shard': indexKeys.expiryPartition(shard), ':now': nowMs },
            Limit: pageSize,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        startKey = page.LastEvaluatedKey;
        const itemKeys = (page.Items ?? []).map((item): ItemKey => itemKeyFromItem('expiry index entry', item));
        if (itemKeys.length === 0) continue;
        const items = await batchGetItems(this.db, this.tableName, itemKeys, { consistent: true });
        const due = items.map(toDueItem).filter((item): item is DueItem => item !== undefined);
        if (due.length > 0) yield due;
      } while (startKey);
    }
  }
}
