import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { standardGrade } from '../../domain/concert';
import type { Seat, SeatStatus } from '../../domain/seat';
import type { SeatRepository } from '../../use-cases/concerts/ports';
import { queryAll } from './query';
import { keys } from './table';

export const toSeat = (item: Record<string, unknown>): Seat => ({
  concertId: item.concertId as string,
  date: item.date as string,
  seatNo: item.seatNo as number,
  price: item.price as number,
  // Seats created before grades existed are all of the one standard grade.
  grade: (item.grade as string | undefined) ?? standardGrade,
  status: item.status as SeatStatus,
  ...(item.reservationId ? { reservationId: item.reservationId as string } : {}),
  ...(item.holdExpiresAt !== undefined ? { holdExpiresAtMs: item.holdExpiresAt as number } : {}),
});

export class DynamoSeatRepository implements SeatRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listSeats(concertId: string, date: string): Promise<Seat[]> {
    const { pk, skPrefix } = keys.seatsOfDate(concertId, date);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map(toSeat);
  }
}
