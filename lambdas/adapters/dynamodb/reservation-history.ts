import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Reservation } from '../../domain/reservation';
import type { Page } from '../../use-cases/ports';
import type { ReservationHistory } from '../../use-cases/reservations/ports';
import { decodeCursor, queryNewestFirst } from './history-pages';
import { toReservation } from './reservation-repository';
import { indexKeys, keys } from './table';

/** `ownerSk` of the userReservations index: `<createdAt ISO>#<reservationId>`. */
const ownerSortKeyPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,64}$/;

/** Apart from the reservation repository so that the functions that never list (hold, pay, refund) bundle no Query. */
export class DynamoReservationHistory implements ReservationHistory {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listByOwner(userId: string, pageSize: number, cursor?: string): Promise<Page<Reservation>> {
    const ownerPk = indexKeys.userReservationsPartition(userId);
    // The index's start key also needs the item's own key, which the sort key carries (its reservation id).
    const startKey = cursor === undefined ? undefined : ((ownerSk: string) => {
      const reservationId = ownerSk.slice(ownerSk.indexOf('#') + 1);
      return { ownerPk, ownerSk, ...keys.reservation(reservationId) };
    })(decodeCursor(cursor, ownerSortKeyPattern));
    const page = await queryNewestFirst(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'userReservations',
        KeyConditionExpression: 'ownerPk = :ownerPk',
        ExpressionAttributeValues: { ':ownerPk': ownerPk },
      },
      { pageSize, sortKeyOf: (item) => item.ownerSk as string, ...(startKey ? { startKey } : {}) },
    );
    return { items: page.items.map(toReservation), nextCursor: page.nextCursor };
  }
}
