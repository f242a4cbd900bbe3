import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SeatAlreadyReservedError, SeatLimitExceededError } from '../../domain/errors';
import { expiredHoldIds, ReservationStatus } from '../../domain/reservation';
import type { Seat } from '../../domain/seat';
import { SeatStatus } from '../../domain/seat';
import type {
  EndHold,
  EndHoldOutcome,
  HoldOutcome,
  HoldRead,
  HoldReadRequest,
  NewHold,
  SeatHoldRepository,
  UserDateSeats,
} from '../../use-cases/reservations/ports';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import { toQueueToken } from './queue-token-items';
import { heldReservationItem } from './reservation-repository';
import { toSeat } from './seat-repository';
import { keys, retentionSeconds, ttlAfter } from './table';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * Positions of the hold transaction's items (cancellation reasons come back in this order): one seat update per
 * seat first, in the reservation's seat order, then the reservation put and the user date seats.
 */
const holdItem = {
  seat: (index: number) => index,
  reservation: (seatCount: number) => seatCount,
  userDateSeats: (seatCount: number) => seatCount + 1,
} as const;

const toUserDateSeats = (item: Record<string, unknown>): UserDateSeats => ({
  count: item.count as number,
  holds: (item.holds as Record<string, number> | undefined) ?? {},
});

/**
 * The writes of one hold, in `holdItem` order: every seat AVAILABLE -> HELD, reservation put, user date seats
 * within the limit. Exported so that the benchmark's storage floor issues exactly these writes.
 */
export const holdTransactionItems = (
  tableName: string,
  { reservation, maxSeatsPerUser, userDateSeatsExists, nowMs }: NewHold,
): TransactItem[] => {
  const { reservationId, userId, concertId, date, seatNos, expiresAtMs } = reservation;
  const seatCount = seatNos.length;
  const items: TransactItem[] = seatNos.map((seatNo) => ({
    Update: {
      TableName: tableName,
      Key: keys.seat(concertId, date, seatNo),
      UpdateExpression: 'SET #status = :held, reservationId = :reservationId, holderId = :userId, holdExpiresAt = :expiresAt',
      ConditionExpression: '#status = :available',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':held': SeatStatus.held,
        ':available': SeatStatus.available,
        ':reservationId': reservationId,
        ':userId': userId,
        ':expiresAt': expiresAtMs,
      },
    },
  }));
  items[holdItem.reservation(seatCount)] = {
    Put: {
      TableName: tableName,
      Item: heldReservationItem(reservation, new Date(nowMs).toISOString()),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  // The `holds` map must exist before an entry can be set in it, so the first hold creates the item with
  // its map and later holds add to it under the limit: together `attribute_not_exists(pk) OR count + n <= max`.
  items[holdItem.userDateSeats(seatCount)] = {
    Update: userDateSeatsExists
      ? {
          TableName: tableName,
          Key: keys.userDateSeats(userId, concertId, date),
          UpdateExpression: 'ADD #count :seats SET holds.#reservationId = :expiresAt',
          ConditionExpression: '#count <= :room',
          ExpressionAttributeNames: { '#count': 'count', '#reservationId': reservationId },
          ExpressionAttributeValues: { ':seats': seatCount, ':room': maxSeatsPerUser - seatCount, ':expiresAt': expiresAtMs },
        }
      : {
          TableName: tableName,
          Key: keys.userDateSeats(userId, concertId, date),
          UpdateExpression: 'SET entity = :entity, userId = :userId, concertId = :concertId, #date = :date, #count = :seats, holds = :holds',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#count': 'count', '#date': 'date' },
          ExpressionAttributeValues: {
            ':entity': 'UserDateSeats',
            ':userId': userId,
            ':concertId': concertId,
            ':date': date,
            ':seats': seatCount,
            ':holds': { [reservationId]: expiresAtMs },
          },
        },
  };
  return items;
};

export class DynamoSeatHoldRepository implements SeatHoldRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findSeats(concertId: string, date: string, seatNos: readonly number[]): Promise<(Seat | undefined)[]> {
    // Parallel consistent GetItems: one round trip, and no BatchGetItem UnprocessedKeys to chase.
    const items = await Promise.all(seatNos.map((seatNo) => this.get(keys.seat(concertId, date, seatNo))));
    return items.map((item) => (item ? toSeat(item) : undefined));
  }

  public async findUserDateSeats(userId: string, concertId: string, date: string): Promise<UserDateSeats | undefined> {
    const item = await this.get(keys.userDateSeats(userId, concertId, date));
    return item ? toUserDateSeats(item) : undefined;
  }

  public async readForHold({ tokenId, userId, concertId, date, seatNos }: HoldReadRequest): Promise<HoldRead> {
    const tokenKey = tokenId === undefined ? undefined : keys.token(tokenId);
    const seatKeys = seatNos.map((seatNo) => keys.seat(concertId, date, seatNo));
    const userDateSeatsKey = keys.userDateSeats(userId, concertId, date);
    // One BatchGetItem (at most 2 + MAX_SEATS_PER_USER keys, far under its 100), strongly consistent.
    const items = await batchGetItems(this.db, this.tableName, [...(tokenKey ? [tokenKey] : []), ...seatKeys, userDateSeatsKey], { consistent: true });
    const token = tokenKey && itemWithKey(items, tokenKey);
    const userDateSeats = itemWithKey(items, userDateSeatsKey);
    return {
      ...(token ? { token: toQueueToken(token) } : {}),
      seats: seatKeys.map((key) => {
        const item = itemWithKey(items, key);
        return item ? toSeat(item) : undefined;
      }),
      ...(userDateSeats ? { userDateSeats: toUserDateSeats(userDateSeats) } : {}),
    };
  }

  public async hold(hold: NewHold): Promise<HoldOutcome> {
    const { reservation, maxSeatsPerUser, nowMs } = hold;
    const { userId, concertId, date, seatNos } = reservation;
    const seatCount = seatNos.length;
    const items = holdTransactionItems(this.tableName, hold);
    try {
      await transactWrite(this.db, items);
      return 'held';
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      const takenSeat = seatNos.find((_, index) => error.failedAt(holdItem.seat(index)));
      if (takenSeat !== undefined) throw new SeatAlreadyReservedError(concertId, date, takenSeat, { cause: error });
      if (error.failedAt(holdItem.userDateSeats(seatCount))) {
        const stored = error.reasons[holdItem.userDateSeats(seatCount)]?.item;
        const atLimit = stored !== undefined && (stored.count as number) + seatCount > maxSeatsPerUser;
        // Expired holds of the user's own free their slots once released: let the use case release them.
        if (atLimit && expiredHoldIds(toUserDateSeats(stored).holds, nowMs).length === 0) {
          throw new SeatLimitExceededError(userId, maxSeatsPerUser, { cause: error });
        }
        return 'userDateSeatsChanged';
      }
      // Only a reservation id collision is left: never overwrite another reservation.
      throw new Error('reservation id collision', { cause: error });
    }
  }

  public async endHold({ reservation, ending, releaseSeatNos, nowMs }: EndHold): Promise<EndHoldOutcome> {
    const { reservationId, userId, concertId, date, seatNos } = reservation;
    const deadline = ending === ReservationStatus.expired ? 'expiresAt <= :now' : 'userId = :owner AND expiresAt > :now';
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.reservation(reservationId),
          // expiryPk goes so the reservation leaves the sparse expiry index; expiresAt stays as its deadline.
          UpdateExpression: 'SET #status = :ending, endedAt = :now, #ttl = :ttl REMOVE expiryPk',
          ConditionExpression: `#status = :held AND ${deadline}`,
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':ending': ending,
            ':held': ReservationStatus.held,
            ':now': nowMs,
            ':ttl': ttlAfter(nowMs, retentionSeconds.endedReservation),
            ...(ending === ReservationStatus.cancelled ? { ':owner': userId } : {}),
          },
        },
      },
      ...releaseSeatNos.map(
        (seatNo): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: keys.seat(concertId, date, seatNo),
            UpdateExpression: 'SET #status = :available REMOVE reservationId, holderId, holdExpiresAt',
            ConditionExpression: '#status = :held AND reservationId = :reservationId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':available': SeatStatus.available,
              ':held': SeatStatus.held,
              ':reservationId': reservationId,
            },
          },
        }),
      ),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.userDateSeats(userId, concertId, date),
          // Every seat of the reservation was counted when it was held.
          UpdateExpression: 'ADD #count :minusSeats REMOVE holds.#reservationId',
          ConditionExpression: 'attribute_exists(holds.#reservationId)',
          ExpressionAttributeNames: { '#count': 'count', '#reservationId': reservationId },
          ExpressionAttributeValues: { ':minusSeats': -seatNos.length },
        },
      },
    ];
    try {
      await transactWrite(this.db, items);
      return 'ended';
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return 'stale';
      throw error;
    }
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item;
  }
}
