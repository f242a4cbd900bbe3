import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Concert, ConcertDate, SeatGrade } from '../../domain/concert';
import { gradeOfSeat, singleGrade } from '../../domain/concert';
import { SeatStatus } from '../../domain/seat';
import type { ConcertRepository, SaleChange } from '../../use-cases/concerts/ports';
import { optional, toSaleSettings } from './concert-items';
import { retry, retryBudgets, tryAgain } from '../../use-cases/retry-policy';
import { queryAll } from './query';
import { indexKeys, keys } from './table';

const batchSize = 25;

const toConcert = (item: Record<string, unknown>): Concert => ({
  concertId: item.concertId as string,
  title: item.title as string,
  venue: item.venue as string,
  ...toSaleSettings(item),
});

/** A concert item's attributes: the sale fields are stored under their wire names (`saleOpensAt` in ms). */
const concertAttributes = (concert: Concert): Record<string, unknown> => ({
  concertId: concert.concertId,
  title: concert.title,
  venue: concert.venue,
  ...optional('saleOpensAt', concert.saleOpensAtMs),
  ...optional('maxActive', concert.maxActive),
  ...optional('paused', concert.paused),
  ...optional('lastDate', concert.lastDate),
});

const toConcertDate = (item: Record<string, unknown>): ConcertDate => ({
  concertId: item.concertId as string,
  date: item.date as string,
  price: item.price as number,
  totalSeats: item.totalSeats as number,
  // Dates created before grades existed sold every seat at one price.
  grades: (item.grades as SeatGrade[] | undefined) ?? singleGrade(item.price as number, item.totalSeats as number),
});

const seatGradeAttributes = (date: ConcertDate, seatNo: number): { grade: string; price: number } => {
  const grade = gradeOfSeat(date.grades, seatNo);
  if (!grade) throw new Error(`seat ${seatNo} has no grade`);
  return { grade: grade.grade, price: grade.price };
};

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
      ExpressionAttributeValues: { ':catalog': indexKeys.concertCatalogPartition },
    });
    return items.map(toConcert);
  }

  public async findConcertWithDates(concertId: string): Promise<{ concert: Concert; dates: ConcertDate[] } | undefined> {
    // The concert item and its dates share a partition: one Query returns both.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.concert(concertId).pk },
      }),
    );
    const concertItem = Items.find((item) => item.sk === keys.concert(concertId).sk);
    if (!concertItem) return undefined;
    const datePrefix = keys.concertDatesPrefix(concertId).skPrefix;
    const dates = Items.filter((item) => (item.sk as string).startsWith(datePrefix)).map(toConcertDate);
    return { concert: toConcert(concertItem), dates };
  }

  public async findConcert(concertId: string): Promise<Concert | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.concert(concertId), ConsistentRead: true }));
    return Item ? toConcert(Item) : undefined;
  }

  public async changeSale(concertId: string, change: SaleChange): Promise<Concert | 'notFound' | 'alreadyOpen'> {
    const set: string[] = [];
    const values: Record<string, unknown> = {};
    if (change.saleOpensAtMs !== undefined) {
      set.push('saleOpensAt = :opensAt');
      values[':opensAt'] = change.saleOpensAtMs;
    }
    if (change.maxActive !== undefined) {
      set.push('maxActive = :maxActive');
      values[':maxActive'] = change.maxActive;
    }
    if (change.paused !== undefined) {
      set.push('paused = :paused');
      values[':paused'] = change.paused;
    }
    // The opening can only move while it is still ahead (the pre-queue has not been drawn).
    const opening = change.saleOpensAtMs === undefined ? '' : ' AND saleOpensAt > :now';
    if (opening) values[':now'] = change.nowMs;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.concert(concertId),
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: `attribute_exists(pk)${opening}`,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return toConcert(Attributes as Record<string, unknown>);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return error.Item ? 'alreadyOpen' : 'notFound';
      throw error;
    }
  }

  public async createConcert(concert: Concert, dates: readonly ConcertDate[]): Promise<void> {
    const createdAt = new Date().toISOString();
    const items: Record<string, unknown>[] = [
      { ...keys.concert(concert.concertId), ...indexKeys.concertCatalog(createdAt, concert.concertId), entity: 'Concert', ...concertAttributes(concert), createdAt },
      ...dates.map((date) => ({ ...keys.concertDate(concert.concertId, date.date), entity: 'ConcertDate', ...date })),
      ...dates.flatMap((date) =>
        Array.from({ length: date.totalSeats }, (_, index) => ({
          ...keys.seat(concert.concertId, date.date, index + 1),
          entity: 'Seat',
          concertId: concert.concertId,
          date: date.date,
          seatNo: index + 1,
          ...seatGradeAttributes(date, index + 1),
          status: SeatStatus.available,
        })),
      ),
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
