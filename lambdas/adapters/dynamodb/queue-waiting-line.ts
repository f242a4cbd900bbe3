import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueToken } from '../../domain/queue';
import type { WaitingLine } from '../../use-cases/sweeper/ports';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import { lineEntryFromItem, queueTokenFromItem, waitingLine } from './entities/queue-token';

interface LineEntry {
  readonly lineSk: string;
  readonly token: QueueToken | undefined;
}

interface ShardCursor {
  readonly shard: number;
  buffer: LineEntry[];
  startKey: Record<string, unknown> | undefined;
  exhausted: boolean;
}

/**
 * The waiting line of a room: one sparse index partition per shard, each in `lineSk` (ticket, then token id) order.
 * `inOrder` merges the shard heads lazily, so the whole line is never read: each shard is queried `pageSize`
 * entries at a time, only when its buffered head has been consumed.
 */
export class DynamoWaitingLine implements WaitingLine {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
  ) {}

  public async *inOrder(concertId: string, pageSize: number): AsyncGenerator<QueueToken> {
    const cursors: ShardCursor[] = Array.from({ length: this.queueShards }, (_, shard) => ({
      shard,
      buffer: [],
      startKey: undefined,
      exhausted: false,
    }));
    for (;;) {
      await Promise.all(cursors.map((cursor) => this.refill(concertId, cursor, pageSize)));
      let next: ShardCursor | undefined;
      for (const cursor of cursors) {
        const head = cursor.buffer[0];
        if (head && (!next || head.lineSk < (next.buffer[0] as LineEntry).lineSk)) next = cursor;
      }
      if (!next) return;
      const entry = next.buffer.shift() as LineEntry;
      if (entry.token) yield entry.token;
    }
  }

  /** Reads the shard's next page when its buffer is empty (skipping empty pages), with the tokens in full. */
  private async refill(concertId: string, cursor: ShardCursor, pageSize: number): Promise<void> {
    while (cursor.buffer.length === 0 && !cursor.exhausted) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'waitingLine',
          KeyConditionExpression: 'linePk = :line',
          ExpressionAttributeValues: { ':line': waitingLine.partition(concertId, cursor.shard) },
          Limit: Math.max(1, pageSize),
          ...(cursor.startKey ? { ExclusiveStartKey: cursor.startKey } : {}),
        }),
      );
      cursor.startKey = page.LastEvaluatedKey;
      cursor.exhausted = cursor.startKey === undefined;
      const entries = page.Items ?? [];
      if (entries.length === 0) continue;
      const lineEntries = entries.map(lineEntryFromItem);
      const tokens = await batchGetItems(this.db, this.tableName, lineEntries.map((entry) => entry.key), { consistent: true });
      cursor.buffer = lineEntries.map(({ key, lineSk }) => {
        const item = itemWithKey(tokens, key);
        return { lineSk, token: item ? queueTokenFromItem(item) : undefined };
      });
    }
  }
}
