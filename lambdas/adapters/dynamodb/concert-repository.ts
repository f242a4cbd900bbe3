import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Concert, ConcertDate } from '../../domain/concert';
import { SeatStatus } from '../../domain/seat';
import type { ConcertRepository } from '../../use-cases/concerts/ports';
import { queryAll } from './query';
import { indexKeys, keys } from './table';

const batchSize = 25;

const toConcert = (item: Record<string, unknown>): Concert => ({
  concertId: item.concertId as string,
  title: item.title as string,
  venue: item.venue as string,
});

const toConcertDate = (item: Record<string, unknown>): ConcertDate => ({
  concertId: item.concertId as string,
  date: item.date as string,
  price: item.price as number,
  totalSeats: item.totalSeats as number,
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

  public async createConcert(concert: Concert, dates: readonly ConcertDate[]): Promise<void> {
    const createdAt = new Date().toISOString();
    const items: Record<string, unknown>[] = [
      { ...keys.concert(concert.concertId), ...indexKeys.concertCatalog(createdAt, concert.concertId), entity: 'Concert', ...concert, createdAt },
      ...dates.map((date) => ({ ...keys.concertDate(concert.concertId, date.date), entity: 'ConcertDate', ...date })),
      ...dates.flatMap((date) =>
        Array.from({ length: date.totalSeats }, (_, index) => ({
          ...keys.seat(concert.concertId, date.date, index + 1),
          entity: 'Seat',
          concertId: concert.concertId,
          date: date.date,
          seatNo: index + 1,
          price: date.price,
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
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('could not write concert items');
      const { UnprocessedItems } = await this.db.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
