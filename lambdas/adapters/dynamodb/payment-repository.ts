import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueueTokenStatus } from '../../domain/queue';
import { ReservationStatus } from '../../domain/reservation';
import { SeatStatus } from '../../domain/seat';
import type { PaymentRepository, PaymentWrite, PaymentWriteOutcome } from '../../use-cases/payments/ports';
import { balanceRefusal, completeBalanceChange, ledgerSkOf } from './balance-change';
import { balanceChangeItems } from './balance-repository';
import { tokenDeathItems } from './queue-token-items';
import { reservationFromItem, reservationKey } from './entities/reservation';
import { seatKey } from './entities/seat';
import { userDateSeatsKey } from './entities/user-date-seats';
import { paymentToItem } from './entities/payment';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';
import * as retryBudgets from '../../use-cases/retry-budgets';
import type { BalanceChange } from '../../use-cases/balance/ports';

/**
 * Positions of the payment transaction's items: cancellation reasons come back in this order. The reservation,
 * then one item per seat, then the rest: 9 items + one per seat, well under DynamoDB's 100 per transaction.
 */
const payItemsOf = (seatCount: number) =>
  ({
    reservation: 0,
    seat: (index: number) => 1 + index,
    userDateSeats: 1 + seatCount,
    user: 2 + seatCount,
    payment: 3 + seatCount,
    ledger: 4 + seatCount,
    // tokenDeathItems: token, lock, room.
    token: 5 + seatCount,
    lock: 6 + seatCount,
    room: 7 + seatCount,
    idempotency: 8 + seatCount,
  }) as const;

export class DynamoPaymentRepository implements PaymentRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async pay(write: PaymentWrite): Promise<PaymentWriteOutcome> {
    const change: BalanceChange = { userId: write.reservation.userId, entry: write.entry, ...(write.idempotency ? { idempotency: write.idempotency } : {}), nowMs: write.nowMs };
    try {
      // A conflict (on AWS: another transaction in flight on the balance, the room or the seat) is retried as a
      // balance write: none of the conditions depends on a value read before.
      await transactWrite(this.db, this.paymentItems(write, change), { budget: retryBudgets.balanceWrite });
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      const payItem = payItemsOf(write.reservation.seatNos.length);
      if (error.failedAt(payItem.idempotency)) return { kind: 'alreadyRecorded' };
      if (error.failedAt(payItem.reservation)) {
        const stored = error.reasons[payItem.reservation]?.item;
        return { kind: 'reservationChanged', reservation: stored && reservationFromItem(stored) };
      }
      const seatLost = write.reservation.seatNos.some((_, index) => error.failedAt(payItem.seat(index)));
      if (seatLost || error.failedAt(payItem.userDateSeats)) return { kind: 'holdLost' };
      if (error.failedAt(payItem.token) || error.failedAt(payItem.lock)) return { kind: 'tokenNotLive' };
      const refusal = balanceRefusal(error.reasons[payItem.user]?.item);
      if (refusal.kind === 'outOfBounds') return { kind: 'insufficientBalance', balance: refusal.balance };
      throw error;
    }
    const balanceAfter = await completeBalanceChange(this.db, this.tableName, change.userId, change.entry.entryId, ledgerSkOf(change));
    return { kind: 'paid', balanceAfter };
  }

  private paymentItems({ payment, reservation, token, nowMs }: PaymentWrite, change: BalanceChange): TransactItem[] {
    const { reservationId, userId, concertId, date, seatNos } = reservation;
    const at = payment.createdAt;
    const [tokenUpdate, lockDelete, roomUpdate] = tokenDeathItems(this.tableName, token, QueueTokenStatus.paid, nowMs);
    if (!tokenUpdate || !lockDelete || !roomUpdate || token.status !== QueueTokenStatus.active) {
      throw new Error('a payment ends an ACTIVE token: token, lock and room items expected');
    }
    const payItem = payItemsOf(seatNos.length);
    const items: TransactItem[] = [];
    items[payItem.reservation] = {
      Update: {
        TableName: this.tableName,
        Key: reservationKey(reservationId),
        // Out of the expiry index: a confirmed reservation has no deadline any more (expiresAt stays as history).
        UpdateExpression: 'SET #status = :confirmed, paymentId = :paymentId, confirmedAt = :at REMOVE expiryPk',
        ConditionExpression: '#status = :held AND userId = :userId AND expiresAt > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': ReservationStatus.confirmed,
          ':held': ReservationStatus.held,
          ':paymentId': payment.paymentId,
          ':userId': userId,
          ':at': at,
          ':now': nowMs,
        },
      },
    };
    seatNos.forEach((seatNo, index) => {
      items[payItem.seat(index)] = {
        Update: {
          TableName: this.tableName,
          Key: seatKey(concertId, date, seatNo),
          UpdateExpression: 'SET #status = :sold, ownerId = :userId, soldAt = :at REMOVE holdExpiresAt',
          ConditionExpression: '#status = :held AND reservationId = :reservationId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sold': SeatStatus.sold,
            ':held': SeatStatus.held,
            ':reservationId': reservationId,
            ':userId': userId,
            ':at': at,
          },
        },
      };
    });
    // The hold entry goes; the count stays, because a bought seat still counts towards MAX_SEATS_PER_USER.
    items[payItem.userDateSeats] = {
      Update: {
        TableName: this.tableName,
        Key: userDateSeatsKey(userId, concertId, date),
        UpdateExpression: 'REMOVE holds.#reservationId',
        ConditionExpression: 'attribute_exists(holds.#reservationId)',
        ExpressionAttributeNames: { '#reservationId': reservationId },
      },
    };
    const balanceChange = balanceChangeItems(this.tableName, change);
    items[payItem.user] = balanceChange.balance;
    items[payItem.payment] = {
      Put: {
        TableName: this.tableName,
        Item: paymentToItem({ paymentId: payment.paymentId, userId, reservationId, concertId, date, seatNos, amount: payment.amount, createdAt: payment.createdAt }),
      },
    };
    items[payItem.ledger] = balanceChange.ledger;
    items[payItem.token] = tokenUpdate;
    items[payItem.lock] = lockDelete;
    items[payItem.room] = roomUpdate;
    if (balanceChange.idempotency) items[payItem.idempotency] = balanceChange.idempotency;
    return items;
  }
}
