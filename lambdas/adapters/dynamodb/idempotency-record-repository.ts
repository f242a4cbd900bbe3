import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord } from '../../domain/idempotency';
import { completeBalanceChange } from './balance-change';
import type { IdempotencyRecordReader, IdempotencyRecordWrite, IdempotencyRecordWriter } from '../../use-cases/idempotency/ports';
import { idempotencyRecordFromItem, idempotencyRecordKey, idempotencyRecordToItem } from './entities/idempotency-record';
import type { StoredIdempotencyRecord } from './entities/idempotency-record';
import { retentionSeconds, ttlAfter } from './table';
import type { TransactItem } from './transactions';

/** The balance change a record answers, whose `balanceAfter` goes into the response's `balance` when it is read. */
export interface RecordedBalanceChange {
  readonly entryId: string;
  readonly ledgerSk: string;
}

/**
 * The record of a keyed request, put in the same transaction as its effect. `attribute_not_exists` makes the
 * key usable once: a concurrent retry fails this item and replays the winner's record. The response is kept
 * as the JSON text that was answered, so a replay is byte-for-byte the same body; for a balance change it is kept
 * with `"balance":null` and the change's ledger entry, and the balance after the change is filled in on reading.
 */
export const idempotencyRecordPut = (
  tableName: string,
  userId: string,
  write: IdempotencyRecordWrite,
  nowMs: number,
  balanceChange?: RecordedBalanceChange,
): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: idempotencyRecordToItem(
      userId,
      write.operation.name,
      write.key,
      {
        requestHash: write.record.requestHash,
        statusCode: write.record.statusCode,
        responseJson: JSON.stringify(write.record.response),
        ...(balanceChange ? { balanceEntryId: balanceChange.entryId, balanceLedgerSk: balanceChange.ledgerSk } : {}),
      },
      { createdAt: new Date(nowMs).toISOString(), ttl: ttlAfter(nowMs, retentionSeconds.idempotency) },
    ),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * The record stored in `item` (a read, or what a refused transaction returned with ALL_OLD). The balance of a
 * recorded balance change is filled in only when `requestHash` matches: the same key with another body is refused
 * without its response, so it costs no read.
 */
export const recordOfItem = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
  item: Record<string, unknown>,
  requestHash?: string,
): Promise<IdempotencyRecord> => {
  const stored = idempotencyRecordFromItem(item);
  const record = toRecord(stored);
  const sameRequest = requestHash === undefined || requestHash === stored.requestHash;
  if (sameRequest && stored.balanceEntryId !== undefined && stored.balanceLedgerSk !== undefined) {
    (record.response as { balance: number }).balance = await completeBalanceChange(db, tableName, userId, stored.balanceEntryId, stored.balanceLedgerSk);
  }
  return record;
};

const readRecord = async (db: DynamoDBDocumentClient, tableName: string, userId: string, key: string) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: idempotencyRecordKey(userId, key), ConsistentRead: true }))).Item;

const toRecord = (stored: StoredIdempotencyRecord): IdempotencyRecord => ({
  requestHash: stored.requestHash,
  statusCode: stored.statusCode,
  response: JSON.parse(stored.responseJson) as unknown,
});

/** The records of the money routes, written in the transaction of their effect (idempotencyRecordPut). */
export class DynamoIdempotencyRecordRepository implements IdempotencyRecordReader {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findRecord(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const Item = await readRecord(this.db, this.tableName, userId, key);
    return Item ? recordOfItem(this.db, this.tableName, userId, Item) : undefined;
  }
}

/**
 * The records of a keyed request whose effect has a transaction of its own that cannot carry the record (issuing a
 * queue token): put on their own right after the effect. Apart from the money records, so that function does not
 * bundle the balance code.
 */
export class DynamoStandaloneIdempotencyRecords implements IdempotencyRecordReader, IdempotencyRecordWriter {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async findRecord(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const Item = await readRecord(this.db, this.tableName, userId, key);
    return Item ? toRecord(idempotencyRecordFromItem(Item)) : undefined;
  }

  public async putRecord(userId: string, write: IdempotencyRecordWrite, nowMs: number): Promise<boolean> {
    try {
      await this.db.send(new PutCommand(idempotencyRecordPut(this.tableName, userId, write, nowMs).Put as ConstructorParameters<typeof PutCommand>[0]));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
