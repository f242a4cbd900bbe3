import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Seat } from '../../domain/seat';
import type { SeatRepository } from '../../use-cases/concerts/ports';
import { seatFromItem, seatsOfDateKey } from './entities/seat';
import { queryAll } from './query';

export class DynamoSeatRepository implements SeatRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listSeats(concertId: string, date: string): Promise<Seat[]> {
    const { pk, skPrefix } = seatsOfDateKey(concertId, date);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map(seatFromItem);
  }
}
