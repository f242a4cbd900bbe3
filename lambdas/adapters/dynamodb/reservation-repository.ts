import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Reservation } from '../../domain/reservation';
import type { ReservationRepository } from '../../use-cases/reservations/ports';
import { reservationFromItem, reservationKey } from './entities/reservation';

export class DynamoReservationRepository implements ReservationRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findReservation(reservationId: string): Promise<Reservation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: reservationKey(reservationId), ConsistentRead: true }),
    );
    return Item ? reservationFromItem(Item) : undefined;
  }
}
