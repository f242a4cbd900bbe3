import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { QueueTokenStatus } from '../../domain/queue';
import type { DrawClaim, PreQueueEntry, SaleDrawRepository } from '../../use-cases/sale/ports';
import { concertKey } from './entities/concert';
import { lineEntryFromItem, preQueue, queueTokenKey, waitingLine } from './entities/queue-token';
import { PlaceRows } from './place-rows';
import { keys } from './table';
import { TransactionConditionFailed, transactWrite } from './transactions';

const conditionFailed = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/**
 * The draw's state lives on the room item: `drawId` and `drawLeaseUntil` while a draw runs, `openedAt` once it
 * finished. Places come from the room's place rows like any others; they are counted like any others (`issued` on a
 * shard item, `gone` for those given to nobody).
 */
export class DynamoSaleDrawRepository implements SaleDrawRepository {
  private readonly places: PlaceRows;

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
  ) {
    this.places = new PlaceRows(db, tableName, queueShards);
  }

  public async claim(concertId: string, drawId: string, nowMs: number, leaseUntilMs: number): Promise<DrawClaim> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.room(concertId),
          UpdateExpression: 'SET drawId = :drawId, drawLeaseUntil = :lease',
          ConditionExpression: 'attribute_not_exists(openedAt) AND (attribute_not_exists(drawLeaseUntil) OR drawLeaseUntil < :now)',
          ExpressionAttributeValues: { ':drawId': drawId, ':lease': leaseUntilMs, ':now': nowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (error as ConditionalCheckFailedException).Item?.openedAt ? 'alreadyOpen' : 'inProgress';
    }
  }

  public async listPreQueue(concertId: string): Promise<PreQueueEntry[]> {
    const perShard = await Promise.all(
      Array.from({ length: this.queueShards }, async (_, shard) => {
        const entries: PreQueueEntry[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'waitingLine',
              KeyConditionExpression: 'linePk = :pk',
              ExpressionAttributeValues: { ':pk': preQueue.partition(concertId, shard) },
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          );
          // A pre-queue entry's sort key is its token id.
          for (const item of page.Items ?? []) entries.push({ tokenId: lineEntryFromItem(item).lineSk, shard });
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return entries;
      }),
    );
    return perShard.flat();
  }

  public async reservePlaces(concertId: string, count: number, drawId: string, leaseUntilMs: number): Promise<number[] | undefined> {
    // The places come from the rows every issue takes its place from (none does before the room opens). Claimed before
    // they are counted, so `Σ issued` never runs ahead of the places (the frontier rule relies on it).
    const places = await this.places.claim(concertId, count, await this.places.readStartRow(concertId, true));
    try {
      await transactWrite(this.db, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.room(concertId),
            UpdateExpression: 'SET drawLeaseUntil = :lease',
            ConditionExpression: 'drawId = :drawId AND attribute_not_exists(openedAt)',
            ExpressionAttributeValues: { ':drawId': drawId, ':lease': leaseUntilMs },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.roomShard(concertId, 0),
            UpdateExpression: 'ADD issued :count',
            ExpressionAttributeValues: { ':count': count },
          },
        },
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return undefined;
      throw error;
    }
    return places;
  }

  public async assignPlace(concertId: string, entry: PreQueueEntry, place: number, idleCutoffMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: queueTokenKey(entry.tokenId),
          UpdateExpression: 'SET ticket = :place, linePk = :linePk, lineSk = :lineSk',
          ConditionExpression:
            '#status = :waiting AND concertId = :concertId AND attribute_not_exists(ticket) AND attribute_exists(linePk) AND lastPolledAt > :idleCutoff',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...Object.fromEntries(Object.entries(waitingLine.keys(concertId, entry.shard, place, entry.tokenId)).map(([name, value]) => [`:${name}`, value])),
            ':place': place,
            ':waiting': QueueTokenStatus.waiting,
            ':concertId': concertId,
            ':idleCutoff': idleCutoffMs,
          },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  public async releasePlaces(concertId: string, count: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.roomShard(concertId, 0),
        UpdateExpression: 'ADD gone :count',
        ExpressionAttributeValues: { ':count': count },
      }),
    );
  }

  public async finish(concertId: string, drawId: string, nowMs: number): Promise<boolean> {
    try {
      await transactWrite(this.db, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.room(concertId),
            UpdateExpression: 'SET openedAt = :now REMOVE drawLeaseUntil',
            ConditionExpression: 'drawId = :drawId AND attribute_not_exists(openedAt)',
            ExpressionAttributeValues: { ':drawId': drawId, ':now': nowMs },
          },
        },
        // On the concert too, so the catalog tells the openings still to run without reading every room.
        { Update: { TableName: this.tableName, Key: concertKey(concertId), UpdateExpression: 'SET openedAt = :now', ExpressionAttributeValues: { ':now': nowMs } } },
      ]);
      return true;
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return false;
      throw error;
    }
  }
}
