import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry } from '../../domain/money';
import { moneyLimits } from '../../domain/money';
import type { BalanceRepository, BalanceWriteOutcome, ChargeWrite } from '../../use-cases/balance/ports';
import { idempotencyRecordPut } from './idempotency-record-repository';
import { keys } from './table';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, TransactionConflicted, transactWrite } from './transactions';

/** The ledger entry of one balance change; it goes in the same transaction as the change. */
export const ledgerEntryPut = (tableName: string, entry: LedgerEntry): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.ledgerEntry(entry.userId, entry.at, entry.entryId),
      entity: 'LedgerEntry',
      entryId: entry.entryId,
      userId: entry.userId,
      kind: entry.kind,
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      at: entry.at,
      ...(entry.paymentId === undefined ? {} : { paymentId: entry.paymentId }),
    },
  },
});

/**
 * `balance + amount`, only while the balance is still the one the charge was computed from, and never past
 * the cap (`balance <= cap - amount`).
 */
const creditUpdate = (tableName: string, userId: string, expectedBalance: number, amount: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.user(userId),
    UpdateExpression: 'SET balance = balance + :amount',
    ConditionExpression: 'balance = :expected AND balance <= :ceiling',
    ExpressionAttributeValues: { ':amount': amount, ':expected': expectedBalance, ':ceiling': moneyLimits.maxBalance - amount },
  },
});

/** `balance - price`, only while the balance is still the one the payment was computed from and covers the price. */
export const debitUpdate = (tableName: string, userId: string, expectedBalance: number, price: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.user(userId),
    UpdateExpression: 'SET balance = balance - :price',
    ConditionExpression: 'balance = :expected AND balance >= :price',
    ExpressionAttributeValues: { ':price': price, ':expected': expectedBalance },
  },
});

/** Positions of the charge transaction's items: cancellation reasons come back in this order. */
const chargeItem = { user: 0, ledger: 1, idempotency: 2 } as const;

export class DynamoBalanceRepository implements BalanceRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findBalance(userId: string): Promise<number | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.user(userId), ConsistentRead: true, ProjectionExpression: 'balance' }),
    );
    return Item ? ((Item.balance as number | undefined) ?? 0) : undefined;
  }

  public async applyCharge(charge: ChargeWrite): Promise<BalanceWriteOutcome> {
    const items: TransactItem[] = [];
    items[chargeItem.user] = creditUpdate(this.tableName, charge.userId, charge.expectedBalance, charge.entry.amount);
    items[chargeItem.ledger] = ledgerEntryPut(this.tableName, charge.entry);
    if (charge.idempotency) {
      items[chargeItem.idempotency] = idempotencyRecordPut(this.tableName, charge.userId, charge.idempotency, charge.nowMs);
    }
    try {
      await transactWrite(this.db, items, { conflicts: 'report' });
      return { kind: 'applied' };
    } catch (error) {
      // Another writer of this balance was mid-transaction: one more lost round for the caller's loop.
      if (error instanceof TransactionConflicted) return { kind: 'balanceChanged' };
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(chargeItem.idempotency)) return { kind: 'alreadyRecorded' };
      return { kind: 'balanceChanged' };
    }
  }
}
