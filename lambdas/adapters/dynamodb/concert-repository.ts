import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Concert, ConcertDate } from '../../domain/concert';
import type { ConcertRepository, SaleChange } from '../../use-cases/concerts/ports';
import { retry, tryAgain } from '../../use-cases/retry-policy';
import * as retryBudgets from '../../use-cases/retry-budgets';
import { concertAttribute, concertCatalog, concertFromItem, concertKey, concertToItem } from './entities/concert';
import { concertDateFromItem, concertDatesPrefix, concertDateToItem } from './entities/concert-date';
import { newSeatItem } from './entities/seat';
import { queryAll } from './query';

const batchSize = 25;

const findConcert = async (db: DynamoDBDocumentClient, tableName: string, concertId: string): Promise<Concert | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: concertKey(concertId), ConsistentRead: true }));
  return Item ? concertFromItem(Item) : undefined;
};

/**
 * One concert by id (a consistent Get), without the rest of the repository: what the sale opening reads, so the
 * functions that draw (the stream consumer among them) do not bundle the catalog and creation code.
 */
export const dynamoConcertFinder = (db: DynamoDBDocumentClient, tableName: string): Pick<ConcertRepository, 'findConcert'> => ({
  findConcert: (concertId) => findConcert(db, tableName, concertId),
});

export class DynamoConcertRepository implements ConcertRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listConcerts(): Promise<Concert[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'concertCatalog',
      KeyConditionExpression: 'catalogPk = :catalog',
      ExpressionAttributeValues: { ':catalog': concertCatalog.partition },
    });
    return items.map(concertFromItem);
  }

  public async findConcertWithDates(concertId: string): Promise<{ concert: Concert; dates: ConcertDate[] } | undefined> {
    // The concert item and its dates share a partition: one Query returns both.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': concertKey(concertId).pk },
      }),
    );
    const concertItem = Items.find((item) => item.sk === concertKey(concertId).sk);
    if (!concertItem) return undefined;
    const datePrefix = concertDatesPrefix(concertId).skPrefix;
    const dates = Items.filter((item) => typeof item.sk === 'string' && item.sk.startsWith(datePrefix)).map(concertDateFromItem);
    return { concert: concertFromItem(concertItem), dates };
  }

  public findConcert(concertId: string): Promise<Concert | undefined> {
    return findConcert(this.db, this.tableName, concertId);
  }

  public async changeSale(concertId: string, change: SaleChange): Promise<Concert | 'notFound' | 'alreadyOpen'> {
    // Stamped with its time: the server's reaction to the change (queue-token-events) is measured from it.
    const set: string[] = [`${concertAttribute.saleChangedAt} = :now`];
    const values: Record<string, unknown> = { ':now': change.nowMs };
    if (change.saleOpensAtMs !== undefined) {
      set.push(`${concertAttribute.saleOpensAt} = :opensAt`);
      values[':opensAt'] = change.saleOpensAtMs;
    }
    if (change.maxActive !== undefined) {
      set.push(`${concertAttribute.maxActive} = :maxActive`);
      values[':maxActive'] = change.maxActive;
    }
    if (change.paused !== undefined) {
      set.push(`${concertAttribute.paused} = :paused`);
      values[':paused'] = change.paused;
    }
    // The opening can only move while it is still ahead (the pre-queue has not been drawn).
    const opening = change.saleOpensAtMs === undefined ? '' : ` AND ${concertAttribute.saleOpensAt} > :now`;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: concertKey(concertId),
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: `attribute_exists(pk)${opening}`,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return concertFromItem(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return error.Item ? 'alreadyOpen' : 'notFound';
      throw error;
    }
  }

  public async createConcert(concert: Concert, dates: readonly ConcertDate[]): Promise<void> {
    const createdAt = new Date().toISOString();
    const items = [
      concertToItem(concert, createdAt),
      ...dates.map(concertDateToItem),
      ...dates.flatMap((date) => Array.from({ length: date.totalSeats }, (_, index) => newSeatItem(date, index + 1))),
    ];
    for (let start = 0; start < items.length; start += batchSize) {
      await this.writeBatch(items.slice(start, start + batchSize));
    }
  }

  private async writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    await retry(retryBudgets.batchWrite, async () => {
      const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
      requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      return requests.length > 0 ? tryAgain : undefined;
    });
  }
}
