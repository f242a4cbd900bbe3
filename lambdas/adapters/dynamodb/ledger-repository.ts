import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry, LedgerEntryKind } from '../../domain/money';
import type { LedgerReader } from '../../use-cases/balance/ports';
import type { Page } from '../../use-cases/ports';
import { completeBalanceChange } from './balance-change';
import { decodeCursor, queryNewestFirst } from './history-pages';
import { keys } from './table';

const ledgerSortKeyPattern = /^LEDGER#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,64}$/;

const toLedgerEntry = (item: Record<string, unknown>): LedgerEntry => ({
  entryId: item.entryId as string,
  userId: item.userId as string,
  kind: item.kind as LedgerEntryKind,
  amount: item.amount as number,
  balanceAfter: item.balanceAfter as number,
  at: item.at as string,
  ...(item.paymentId === undefined ? {} : { paymentId: item.paymentId as string }),
  ...(item.reservationId === undefined ? {} : { reservationId: item.reservationId as string }),
});

/** The ledger as its owner reads it; apart from the balance writers so that they bundle no Query. */
export class DynamoLedgerRepository implements LedgerReader {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listLedger(userId: string, pageSize: number, cursor?: string): Promise<Page<LedgerEntry>> {
    const { pk, skPrefix } = keys.ledgerPrefix(userId);
    const startKey = cursor === undefined ? undefined : { pk, sk: decodeCursor(cursor, ledgerSortKeyPattern) };
    const page = await queryNewestFirst(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        // The balance was just read strongly consistent elsewhere; its entries must agree with it.
        ConsistentRead: true,
      },
      { pageSize, sortKeyOf: (item) => item.sk as string, ...(startKey ? { startKey } : {}) },
    );
    // An entry without `balanceAfter` belongs to a change still being completed (or whose writer stopped): complete it.
    const items = await Promise.all(
      page.items.map(async (item) =>
        item.balanceAfter === undefined
          ? { ...item, balanceAfter: await completeBalanceChange(this.db, this.tableName, userId, item.entryId as string, item.sk as string) }
          : item,
      ),
    );
    return { items: items.map(toLedgerEntry), nextCursor: page.nextCursor };
  }
}
