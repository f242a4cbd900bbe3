import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RoomCounters } from '../../domain/queue';
import type { Clock } from '../../use-cases/ports';
import type { IssueSnapshot, RoomReader, RoomStatusReader } from '../../use-cases/queue/ports';
import type { RoomCounterReader } from '../../use-cases/sweeper/ports';
import { reuseRecentResults } from '../recent-results';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import type { ItemKey } from './table';
import { keys } from './table';

const numberOf = (item: Record<string, unknown> | undefined, name: string): number => {
  const value = item?.[name];
  return typeof value === 'number' ? value : 0;
};

/** How long one Lambda instance reuses a room's servedCount for positions: keeps polls off the hot room item. */
const servedCountCacheMs = 1000;

/** The room item and its shard counters. Shard items are created by the first issue that lands on them. */
export class DynamoRoomRepository implements RoomReader, RoomStatusReader, RoomCounterReader {
  private readonly recentServedCount: (concertId: string) => Promise<number>;

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
    clock: Clock,
  ) {
    this.recentServedCount = reuseRecentResults(servedCountCacheMs, clock, async (concertId: string) => {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.room(concertId) }));
      return numberOf(Item, 'servedCount');
    });
  }

  public async readIssueSnapshot(userId: string, concertId: string): Promise<IssueSnapshot> {
    const user = keys.user(userId);
    const concert = keys.concert(concertId);
    const { items, room } = await this.readCounters(concertId, [user, concert], true);
    return { userExists: itemWithKey(items, user) !== undefined, concertExists: itemWithKey(items, concert) !== undefined, room };
  }

  public async readRoomStatus(concertId: string): Promise<{ concertExists: boolean; room: RoomCounters }> {
    const concert = keys.concert(concertId);
    const { items, room } = await this.readCounters(concertId, [concert], false);
    return { concertExists: itemWithKey(items, concert) !== undefined, room };
  }

  public async readRoom(concertId: string): Promise<RoomCounters> {
    return (await this.readCounters(concertId, [], true)).room;
  }

  public readServedCount(concertId: string): Promise<number> {
    return this.recentServedCount(concertId);
  }

  /** The room and every shard (plus `extra` items) in one BatchGetItem, summed into counters. */
  private async readCounters(concertId: string, extra: readonly ItemKey[], consistent: boolean) {
    const room = keys.room(concertId);
    const shards = Array.from({ length: this.queueShards }, (_, shard) => keys.roomShard(concertId, shard));
    const items = await batchGetItems(this.db, this.tableName, [...extra, room, ...shards], { consistent });
    const roomItem = itemWithKey(items, room);
    const shardItems = shards.map((key) => itemWithKey(items, key));
    const counters: RoomCounters = {
      activeCount: numberOf(roomItem, 'activeCount'),
      servedCount: numberOf(roomItem, 'servedCount'),
      issued: shardItems.reduce((sum, item) => sum + numberOf(item, 'issued'), 0),
      gone: shardItems.reduce((sum, item) => sum + numberOf(item, 'gone'), 0),
    };
    return { items, room: counters };
  }
}
