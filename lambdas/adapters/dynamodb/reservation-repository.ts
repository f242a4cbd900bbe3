import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Reservation, ReservationStatus } from '../../domain/reservation';
import type { ReservationRepository } from '../../use-cases/reservations/ports';
import { expiryShardCount, indexKeys, keys, reservationEntity } from './table';

/**
 * A new HELD reservation. `entity` and the expiry index keys (`expiryPk`, numeric `expiresAt`, which is also
 * the hold's deadline) let the sweeper find it; the shard is random so that index writes spread evenly.
 */
export const heldReservationItem = (reservation: Reservation, createdAt: string): Record<string, unknown> => ({
  ...keys.reservation(reservation.reservationId),
  ...indexKeys.expiry(Math.floor(Math.random() * expiryShardCount), reservation.expiresAtMs),
  ...indexKeys.userReservations(reservation.userId, createdAt, reservation.reservationId),
  entity: reservationEntity,
  reservationId: reservation.reservationId,
  userId: reservation.userId,
  concertId: reservation.concertId,
  date: reservation.date,
  seatNos: [...reservation.seatNos],
  price: reservation.price,
  status: reservation.status,
  createdAt,
});

export const toReservation = (item: Record<string, unknown>): Reservation => ({
  reservationId: item.reservationId as string,
  userId: item.userId as string,
  concertId: item.concertId as string,
  date: item.date as string,
  // Reservations placed before multi-seat holds stored one `seatNo`.
  seatNos: (item.seatNos as number[] | undefined) ?? [item.seatNo as number],
  price: item.price as number,
  status: item.status as ReservationStatus,
  expiresAtMs: item.expiresAt as number,
});

export class DynamoReservationRepository implements ReservationRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findReservation(reservationId: string): Promise<Reservation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reservation(reservationId), ConsistentRead: true }),
    );
    return Item ? toReservation(Item) : undefined;
  }
}
