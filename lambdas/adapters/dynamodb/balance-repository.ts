import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { BalanceChange, BalanceRepository, BalanceWriteOutcome } from '../../use-cases/balance/ports';
import * as retryBudgets from '../../use-cases/retry-budgets';
import { balanceRefusal, balanceUpdate, completeBalanceChange, finishPendingChange, ledgerSkOf, pendingChangesOf, pendingLedgerEntryPut } from './balance-change';
import { idempotencyRecordPut, recordOfItem } from './idempotency-record-repository';
import { balanceFromItem, userProfileKey } from './entities/user';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * The items of a balance change (see balance-change.ts), for the operation to place in its own transaction: the
 * user's balance update, the ledger entry and the idempotency record. Charge, payment and refund all use it.
 */
export const balanceChangeItems = (
  tableName: string,
  change: BalanceChange,
): { readonly balance: TransactItem; readonly ledger: TransactItem; readonly idempotency?: TransactItem } => ({
  balance: balanceUpdate(tableName, change),
  ledger: pendingLedgerEntryPut(tableName, change.entry),
  ...(change.idempotency
    ? {
        idempotency: idempotencyRecordPut(tableName, change.userId, change.idempotency, change.nowMs, {
          entryId: change.entry.entryId,
          ledgerSk: ledgerSkOf(change),
        }),
      }
    : {}),
});

/** Positions of the charge transaction's items: cancellation reasons come back in this order. */
const chargeItem = { user: 0, ledger: 1, idempotency: 2 } as const;

export class DynamoBalanceRepository implements BalanceRepository {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The balance, strongly consistent; changes whose writer stopped before completing them are completed first. */
  public async findBalance(userId: string): Promise<number | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: userProfileKey(userId), ConsistentRead: true }));
    if (!Item) return undefined;
    await this.completePendingChanges(userId, Item);
    return balanceFromItem(Item);
  }

  public async applyCharge(charge: BalanceChange): Promise<BalanceWriteOutcome> {
    const change = balanceChangeItems(this.tableName, charge);
    const items: TransactItem[] = [];
    items[chargeItem.user] = change.balance;
    items[chargeItem.ledger] = change.ledger;
    if (change.idempotency) items[chargeItem.idempotency] = change.idempotency;
    try {
      // Concurrent changes of this balance conflict only while one is in flight on AWS (DynamoDB Local queues them).
      await transactWrite(this.db, items, { budget: retryBudgets.balanceWrite });
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      const recorded = error.failedAt(chargeItem.idempotency) ? error.reasons[chargeItem.idempotency]?.item : undefined;
      // The refused transaction returned the key's record: a replay needs no read of its own.
      if (recorded) return { kind: 'alreadyRecorded', record: await recordOfItem(this.db, this.tableName, charge.userId, recorded, charge.idempotency?.record.requestHash) };
      if (error.failedAt(chargeItem.idempotency)) return { kind: 'alreadyRecorded' };
      return balanceRefusal(error.reasons[chargeItem.user]?.item);
    }
    return { kind: 'applied', balanceAfter: await completeBalanceChange(this.db, this.tableName, charge.userId, charge.entry.entryId, ledgerSkOf(charge)) };
  }

  private async completePendingChanges(userId: string, user: Record<string, unknown>): Promise<void> {
    await Promise.all(pendingChangesOf(user).map((pending) => finishPendingChange(this.db, this.tableName, userId, pending)));
  }
}
