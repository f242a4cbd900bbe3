import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry } from '../../domain/money';
import type { LedgerReader } from '../../use-cases/balance/ports';
import type { Page } from '../../use-cases/ports';
import { completeBalanceChange } from './balance-change';
import { decodeCursor, queryNewestFirst } from './history-pages';
import { ledgerEntryOf, ledgerPrefix, storedLedgerEntryFromItem } from './entities/ledger-entry';

const ledgerSortKeyPattern = /^LEDGER#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,64}$/;

/** The ledger as its owner reads it; apart from the balance writers so that they bundle no Query. */
export class DynamoLedgerRepository implements LedgerReader {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async listLedger(userId: string, pageSize: number, cursor?: string): Promise<Page<LedgerEntry>> {
    const { pk, skPrefix } = ledgerPrefix(userId);
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
      { pageSize, sortKeyOf: (item) => storedLedgerEntryFromItem(item).sk, ...(startKey ? { startKey } : {}) },
    );
    // An entry without `balanceAfter` belongs to a change still being completed (or whose writer stopped): complete it.
    const items = await Promise.all(
      page.items.map(storedLedgerEntryFromItem).map(async (entry): Promise<LedgerEntry> =>
        ledgerEntryOf(entry, entry.balanceAfter ?? (await completeBalanceChange(this.db, this.tableName, userId, entry.entryId, entry.sk))),
      ),
    );
    return { items, nextCursor: page.nextCursor };
  }
}
