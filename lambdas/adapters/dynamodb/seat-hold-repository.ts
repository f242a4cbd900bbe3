import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ReservationStatus } from '../../domain/reservation';
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
import { heldReservationItem, reservationAttribute, reservationKey } from './entities/reservation';
import { seatAttribute, seatFromItem, seatKey } from './entities/seat';
import { newUserDateSeatsAttributes, userDateSeatsAttribute, userDateSeatsFromItem, userDateSeatsKey } from './entities/user-date-seats';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import { queueTokenFromItem, queueTokenKey } from './entities/queue-token';
import { retentionSeconds, ttlAfter } from './table';
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

/** An update that sets every attribute given (names through `#names`, as some are reserved words). */
const setAll = (attributes: Record<string, unknown>) => {
  const names = Object.keys(attributes);
  return {
    UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, attributes[name]])),
  };
};

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
      Key: seatKey(concertId, date, seatNo),
      UpdateExpression: `SET #status = :held, ${seatAttribute.reservationId} = :reservationId, ${seatAttribute.holderId} = :userId, ${seatAttribute.holdExpiresAt} = :expiresAt`,
      ConditionExpression: '#status = :available',
      ExpressionAttributeNames: { '#status': seatAttribute.status },
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
          Key: userDateSeatsKey(userId, concertId, date),
          UpdateExpression: `ADD #count :seats SET ${userDateSeatsAttribute.holds}.#reservationId = :expiresAt`,
          ConditionExpression: '#count <= :room',
          ExpressionAttributeNames: { '#count': userDateSeatsAttribute.count, '#reservationId': reservationId },
          ExpressionAttributeValues: { ':seats': seatCount, ':room': maxSeatsPerUser - seatCount, ':expiresAt': expiresAtMs },
        }
      : {
          TableName: tableName,
          Key: userDateSeatsKey(userId, concertId, date),
          ...setAll(newUserDateSeatsAttributes(userId, concertId, date, seatCount, { [reservationId]: expiresAtMs })),
          ConditionExpression: 'attribute_not_exists(pk)',
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
    const items = await Promise.all(seatNos.map((seatNo) => this.get(seatKey(concertId, date, seatNo))));
    return items.map((item) => (item ? seatFromItem(item) : undefined));
  }

  public async findUserDateSeats(userId: string, concertId: string, date: string): Promise<UserDateSeats | undefined> {
    const item = await this.get(userDateSeatsKey(userId, concertId, date));
    return item ? userDateSeatsFromItem(item) : undefined;
  }

  public async readForHold({ tokenId, userId, concertId, date, seatNos }: HoldReadRequest): Promise<HoldRead> {
    const tokenKey = tokenId === undefined ? undefined : queueTokenKey(tokenId);
    const seatKeys = seatNos.map((seatNo) => seatKey(concertId, date, seatNo));
    const counterKey = userDateSeatsKey(userId, concertId, date);
    // One BatchGetItem (at most 2 + MAX_SEATS_PER_USER keys, far under its 100), strongly consistent.
    const items = await batchGetItems(this.db, this.tableName, [...(tokenKey ? [tokenKey] : []), ...seatKeys, counterKey], { consistent: true });
    const token = tokenKey && itemWithKey(items, tokenKey);
    const userDateSeats = itemWithKey(items, counterKey);
    return {
      ...(token ? { token: queueTokenFromItem(token) } : {}),
      seats: seatKeys.map((key) => {
        const item = itemWithKey(items, key);
        return item ? seatFromItem(item) : undefined;
      }),
      ...(userDateSeats ? { userDateSeats: userDateSeatsFromItem(userDateSeats) } : {}),
    };
  }

  public async hold(hold: NewHold): Promise<HoldOutcome> {
    const { seatNos } = hold.reservation;
    try {
      await transactWrite(this.db, holdTransactionItems(this.tableName, hold));
      return { kind: 'held' };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      const takenSeat = seatNos.find((_, index) => error.failedAt(holdItem.seat(index)));
      if (takenSeat !== undefined) return { kind: 'seatTaken', seatNo: takenSeat };
      if (error.failedAt(holdItem.userDateSeats(seatNos.length))) {
        const stored = error.reasons[holdItem.userDateSeats(seatNos.length)]?.item;
        return { kind: 'userDateSeatsChanged', ...(stored ? { userDateSeats: userDateSeatsFromItem(stored) } : {}) };
      }
      // Only a reservation id collision is left: never overwrite another reservation.
      throw new Error('reservation id collision', { cause: error });
    }
  }

  public async endHold({ reservation, ending, releaseSeatNos, nowMs }: EndHold): Promise<EndHoldOutcome> {
    const { reservationId, userId, concertId, date, seatNos } = reservation;
    const { userId: owner, expiresAt } = reservationAttribute;
    const deadline = ending === ReservationStatus.expired ? `${expiresAt} <= :now` : `${owner} = :owner AND ${expiresAt} > :now`;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(reservationId),
          // expiryPk goes so the reservation leaves the sparse expiry index; expiresAt stays as its deadline.
          UpdateExpression: `SET #status = :ending, ${reservationAttribute.endedAt} = :now, #ttl = :ttl REMOVE ${reservationAttribute.expiryPk}`,
          ConditionExpression: `#status = :held AND ${deadline}`,
          ExpressionAttributeNames: { '#status': reservationAttribute.status, '#ttl': 'ttl' },
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
            Key: seatKey(concertId, date, seatNo),
            UpdateExpression: `SET #status = :available REMOVE ${seatAttribute.reservationId}, ${seatAttribute.holderId}, ${seatAttribute.holdExpiresAt}`,
            ConditionExpression: `#status = :held AND ${seatAttribute.reservationId} = :reservationId`,
            ExpressionAttributeNames: { '#status': seatAttribute.status },
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
          Key: userDateSeatsKey(userId, concertId, date),
          // Every seat of the reservation was counted when it was held.
          UpdateExpression: `ADD #count :minusSeats REMOVE ${userDateSeatsAttribute.holds}.#reservationId`,
          ConditionExpression: `attribute_exists(${userDateSeatsAttribute.holds}.#reservationId)`,
          ExpressionAttributeNames: { '#count': userDateSeatsAttribute.count, '#reservationId': reservationId },
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
