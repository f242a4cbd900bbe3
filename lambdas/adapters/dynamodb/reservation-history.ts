import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Reservation } from '../../domain/reservation';
import type { Page } from '../../use-cases/ports';
import type { ReservationHistory } from '../../use-cases/reservations/ports';
import { ownerSortKeyOf, ownerSortKeyPattern, reservationFromItem, userReservationsPartition, userReservationsStartKey } from './entities/reservation';
import { decodeCursor, queryNewestFirst } from './history-pages';

/** Apart from the reservation repository so that the functions that never list (hold, pay, refund) bundle no Query. */
export class DynamoReservationHistory implements ReservationHistory {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listByOwner(userId: string, pageSize: number, cursor?: string): Promise<Page<Reservation>> {
    const startKey = cursor === undefined ? undefined : userReservationsStartKey(userId, decodeCursor(cursor, ownerSortKeyPattern));
    const page = await queryNewestFirst(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'userReservations',
        KeyConditionExpression: 'ownerPk = :ownerPk',
        ExpressionAttributeValues: { ':ownerPk': userReservationsPartition(userId) },
      },
      { pageSize, sortKeyOf: ownerSortKeyOf, ...(startKey ? { startKey } : {}) },
    );
    return { items: page.items.map(reservationFromItem), nextCursor: page.nextCursor };
  }
}
