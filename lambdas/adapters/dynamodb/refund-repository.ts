import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ReservationStatus } from '../../domain/reservation';
import { SeatStatus } from '../../domain/seat';
import type { RefundRepository, RefundWrite, RefundWriteOutcome } from '../../use-cases/payments/ports';
import type { BalanceChange } from '../../use-cases/balance/ports';
import * as retryBudgets from '../../use-cases/retry-budgets';
import { completeBalanceChange, ledgerSkOf } from './balance-change';
import { balanceChangeItems } from './balance-repository';
import { reservationFromItem, reservationKey } from './entities/reservation';
import { seatKey } from './entities/seat';
import { userDateSeatsKey } from './entities/user-date-seats';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * Positions of the refund transaction's items (cancellation reasons come back in this order): the reservation,
 * one item per seat, then the rest: 5 items + one per seat.
 */
const refundItemsOf = (seatCount: number) =>
  ({
    reservation: 0,
    seat: (index: number) => 1 + index,
    userDateSeats: 1 + seatCount,
    user: 2 + seatCount,
    ledger: 3 + seatCount,
    idempotency: 4 + seatCount,
  }) as const;

export class DynamoRefundRepository implements RefundRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async refund(write: RefundWrite): Promise<RefundWriteOutcome> {
    const position = refundItemsOf(write.reservation.seatNos.length);
    const change: BalanceChange = { userId: write.reservation.userId, entry: write.entry, ...(write.idempotency ? { idempotency: write.idempotency } : {}), nowMs: write.nowMs };
    try {
      // A conflict (on AWS: another transaction in flight on the balance or a seat) is retried as a balance write:
      // none of the conditions depends on a value read before but the reservation's status.
      await transactWrite(this.db, this.refundItems(write, change), { budget: retryBudgets.balanceWrite });
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(position.idempotency)) return { kind: 'alreadyRecorded' };
      if (error.failedAt(position.reservation)) {
        const stored = error.reasons[position.reservation]?.item;
        return { kind: 'reservationChanged', reservation: stored && reservationFromItem(stored) };
      }
      // A CONFIRMED reservation's seats are SOLD to it and counted, and a refund has no upper bound: anything else
      // is a broken invariant.
      throw new Error('refund: the seats, the seat count or the user of a CONFIRMED reservation did not match', { cause: error });
    }
    const balanceAfter = await completeBalanceChange(this.db, this.tableName, change.userId, change.entry.entryId, ledgerSkOf(change));
    return { kind: 'refunded', balanceAfter };
  }

  private refundItems({ reservation, entry }: RefundWrite, change: BalanceChange): TransactItem[] {
    const { reservationId, userId, concertId, date, seatNos } = reservation;
    const position = refundItemsOf(seatNos.length);
    const items: TransactItem[] = [];
    items[position.reservation] = {
      Update: {
        TableName: this.tableName,
        Key: reservationKey(reservationId),
        UpdateExpression: 'SET #status = :refunded, refundedAt = :at',
        ConditionExpression: '#status = :confirmed AND userId = :userId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':refunded': ReservationStatus.refunded,
          ':confirmed': ReservationStatus.confirmed,
          ':userId': userId,
          ':at': entry.at,
        },
      },
    };
    // Back on sale: the seat forgets its holder and owner, exactly like a seat never sold.
    seatNos.forEach((seatNo, index) => {
      items[position.seat(index)] = {
        Update: {
          TableName: this.tableName,
          Key: seatKey(concertId, date, seatNo),
          UpdateExpression: 'SET #status = :available REMOVE reservationId, holderId, ownerId, soldAt',
          ConditionExpression: '#status = :sold AND reservationId = :reservationId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':available': SeatStatus.available, ':sold': SeatStatus.sold, ':reservationId': reservationId },
        },
      };
    });
    // The bought seats stop counting towards MAX_SEATS_PER_USER.
    items[position.userDateSeats] = {
      Update: {
        TableName: this.tableName,
        Key: userDateSeatsKey(userId, concertId, date),
        UpdateExpression: 'ADD #count :minusSeats',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minusSeats': -seatNos.length },
      },
    };
    const balanceChange = balanceChangeItems(this.tableName, change);
    items[position.user] = balanceChange.balance;
    items[position.ledger] = balanceChange.ledger;
    if (balanceChange.idempotency) items[position.idempotency] = balanceChange.idempotency;
    return items;
  }
}
