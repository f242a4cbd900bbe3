import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { balanceBoundsBefore } from '../../domain/money';
import type { PendingLedgerEntry } from '../../domain/money';
import type { BalanceChange, BalanceWriteOutcome } from '../../use-cases/balance/ports';
import * as retryBudgets from '../../use-cases/retry-budgets';
import { balanceAfterFromItem, ledgerEntryAttribute, ledgerEntryKey, pendingLedgerEntryToItem } from './entities/ledger-entry';
import { balanceFromItem, userProfileKey } from './entities/user';
import type { TransactItem } from './transactions';
import { transactWrite } from './transactions';

/*
 * One balance-write path for every operation that moves money (see docs/data-model.md, "Payments"):
 *
 * 1. `balanceChangeItems` (balance-repository.ts) builds the items the operation puts in its own transaction: the user update
 *    `SET balance = balance + :amount, <after> = balance + :amount` conditioned only on the bounds, the ledger
 *    entry without `balanceAfter`, and the idempotency record. Every operand of an UpdateExpression reads the item
 *    before the update, so `<after>` is the exact balance right after this change, recorded in the user item by
 *    the very write that made it, whatever other changes DynamoDB serialized before it.
 * 2. `completeBalanceChange`, after the transaction: read `<after>` back (one consistent GetItem), then write it into
 *    the ledger entry and remove it from the user item in one transaction. A writer that dies in between leaves
 *    `<after>` behind; whoever reads the balance next completes the entry (`completePendingChanges`), and a replay
 *    of the key reads it too. A charge is thus the key read, this transaction, the read and the completion: four
 *    calls (docs/data-model.md, "One balance-write path").
 */

/** Attributes a balance change leaves on the user item until it is completed (one set per pending entry). */
const pendingAttributePrefix = { after: 'pendingAfter_', ledgerSk: 'pendingLedgerSk_' } as const;
const pendingNames = (entryId: string) => ({
  after: `${pendingAttributePrefix.after}${entryId}`,
  ledgerSk: `${pendingAttributePrefix.ledgerSk}${entryId}`,
});

/** The ledger entry of one balance change, put in the change's transaction; `balanceAfter` comes at completion. */
export const pendingLedgerEntryPut = (tableName: string, entry: PendingLedgerEntry): TransactItem => ({
  Put: { TableName: tableName, Item: pendingLedgerEntryToItem(entry) },
});

/**
 * The user update of a balance change: `balance + amount` from any balance within the change's bounds (no guess of
 * the exact balance), recording the balance after it and where its ledger entry is.
 */
export const balanceUpdate = (tableName: string, change: BalanceChange): TransactItem => {
  const { lowest, highest } = balanceBoundsBefore(change.entry);
  return {
    Update: {
      TableName: tableName,
      Key: userProfileKey(change.userId),
      UpdateExpression: 'SET balance = balance + :amount, #after = balance + :amount, #ledgerSk = :ledgerSk',
      ConditionExpression: 'attribute_exists(pk) AND balance BETWEEN :lowest AND :highest',
      ExpressionAttributeNames: { '#after': pendingNames(change.entry.entryId).after, '#ledgerSk': pendingNames(change.entry.entryId).ledgerSk },
      ExpressionAttributeValues: {
        ':amount': change.entry.amount,
        ':lowest': lowest,
        ':highest': highest,
        ':ledgerSk': ledgerSkOf(change),
      },
    },
  };
};

/** Sort key of a change's ledger entry. */
export const ledgerSkOf = (change: BalanceChange): string => ledgerEntryKey(change.userId, change.entry.at, change.entry.entryId).sk;

/** What a failed balance condition means, from the user item DynamoDB returned (ALL_OLD). */
export const balanceRefusal = (storedUser: Record<string, unknown> | undefined): BalanceWriteOutcome =>
  storedUser ? { kind: 'outOfBounds', balance: balanceFromItem(storedUser) } : { kind: 'userNotFound' };

interface PendingChange {
  readonly entryId: string;
  readonly balanceAfter: number;
  readonly ledgerSk: string;
}

/**
 * Writes `balanceAfter` into the ledger entry and forgets it on the user item, in one transaction: one call, and
 * never one without the other.
 */
export const finishPendingChange = async (db: DynamoDBDocumentClient, tableName: string, userId: string, pending: PendingChange): Promise<void> => {
  const names = pendingNames(pending.entryId);
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: { pk: userProfileKey(userId).pk, sk: pending.ledgerSk },
        UpdateExpression: 'SET #balanceAfter = :after',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#balanceAfter': ledgerEntryAttribute.balanceAfter },
        ExpressionAttributeValues: { ':after': pending.balanceAfter },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: userProfileKey(userId),
        UpdateExpression: 'REMOVE #after, #ledgerSk',
        ExpressionAttributeNames: { '#after': names.after, '#ledgerSk': names.ledgerSk },
      },
    },
  ];
  // It conflicts with a balance transaction in flight on the same user item: retried briefly, and if the item stays
  // busy the change stays pending for the next reader (the answer already has its balance).
  await transactWrite(db, items, { budget: retryBudgets.balanceCompletion }).catch((error: unknown) => {
    if (!(error instanceof ServiceUnavailableError)) throw error;
  });
};

/** The pending changes recorded on a user item. */
export const pendingChangesOf = (user: Record<string, unknown>): PendingChange[] =>
  Object.keys(user)
    .filter((name) => name.startsWith(pendingAttributePrefix.after))
    .map((name) => name.slice(pendingAttributePrefix.after.length))
    .flatMap((entryId) => {
      const names = pendingNames(entryId);
      const ledgerSk = user[names.ledgerSk];
      const balanceAfter = user[names.after];
      return typeof ledgerSk === 'string' && typeof balanceAfter === 'number' ? [{ entryId, balanceAfter, ledgerSk }] : [];
    });

/**
 * The balance right after the change `entryId` of `userId` (whose ledger entry has sort key `ledgerSk`), completing
 * the change when it is still pending. Works for the writer and for anyone else (a replay, a reader).
 */
export const completeBalanceChange = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
  entryId: string,
  ledgerSk: string,
): Promise<number> => {
  const names = pendingNames(entryId);
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: userProfileKey(userId),
      ConsistentRead: true,
      ProjectionExpression: '#after',
      ExpressionAttributeNames: { '#after': names.after },
    }),
  );
  const balanceAfter = Item?.[names.after];
  if (typeof balanceAfter === 'number') {
    await finishPendingChange(db, tableName, userId, { entryId, balanceAfter, ledgerSk });
    return balanceAfter;
  }
  // Completed already (by a reader or a concurrent replay): the ledger entry has it.
  const { Item: entry } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: userProfileKey(userId).pk, sk: ledgerSk },
      ConsistentRead: true,
      ProjectionExpression: '#balanceAfter',
      ExpressionAttributeNames: { '#balanceAfter': ledgerEntryAttribute.balanceAfter },
    }),
  );
  const recorded = entry ? balanceAfterFromItem(entry) : undefined;
  if (recorded === undefined) throw new Error(`balance change ${entryId} is neither pending nor completed`);
  return recorded;
};

