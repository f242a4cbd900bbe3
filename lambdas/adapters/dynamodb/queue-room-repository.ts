import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdmissionPace, RoomCounters } from '../../domain/queue';
import { firstMinuteBucket, firstPaceBucket, paceOf } from '../../domain/queue';
import type { DrawState } from '../../domain/pre-queue';
import type { SaleSettings } from '../../domain/sale';
import type { Clock } from '../../use-cases/ports';
import type { ClaimedPlace, IssueSnapshot, PlaceDispenser, RecentRoom, RoomReader, RoomStatusReader } from '../../use-cases/queue/ports';
import type { RoomCounterReader } from '../../use-cases/sweeper/ports';
import { reuseRecentResults } from '../recent-results';
import { readAdmissionBuckets } from './admission-record';
import { concertKey, saleSettingsFromItem } from './entities/concert';
import { liveTokenLockKey, lockedTokenIdFromItem } from './entities/live-token-lock';
import { userProfileKey } from './entities/user';
import { PlaceRows } from './place-rows';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import type { ItemKey } from './table';
import { keys } from './table';

const numberOf = (item: Record<string, unknown> | undefined, name: string): number => {
  const value = item?.[name];
  return typeof value === 'number' ? value : 0;
};

const drawOf = (roomItem: Record<string, unknown> | undefined): DrawState =>
  typeof roomItem?.openedAt === 'number' ? { openedAtMs: roomItem.openedAt } : {};

const saleOf = (concertItem: Record<string, unknown> | undefined): SaleSettings => (concertItem ? saleSettingsFromItem(concertItem) : {});

/** How long one Lambda instance reuses a room's counters, sale and pace for polls (positions, estimates, reach): keeps polls off the room's items. */
const recentRoomCacheMs = 1000;

/**
 * The room item (activeCount, servedCount, the draw), its shard counters (`issued`, `gone`) and its place rows.
 * Shard and row items are created by the first write that lands on them. One instance per Lambda instance: it
 * remembers where each room's places stand (PlaceRows).
 */
export class DynamoRoomRepository implements RoomReader, PlaceDispenser, RoomStatusReader, RoomCounterReader {
  private readonly recentRoom: (concertId: string) => Promise<RecentRoom>;
  private readonly recentPace: (concertId: string) => Promise<AdmissionPace>;
  private readonly places: PlaceRows;

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
    private readonly clock: Clock,
  ) {
    this.places = new PlaceRows(db, tableName, queueShards);
    this.recentRoom = reuseRecentResults(recentRoomCacheMs, clock, async (concertId: string): Promise<RecentRoom> => {
      const [room, concert] = [keys.room(concertId), concertKey(concertId)];
      const items = await batchGetItems(this.db, this.tableName, [room, concert], { consistent: false });
      const roomItem = itemWithKey(items, room);
      return {
        readAtMs: this.clock.now(),
        servedCount: numberOf(roomItem, 'servedCount'),
        activeCount: numberOf(roomItem, 'activeCount'),
        draw: drawOf(roomItem),
        sale: saleOf(itemWithKey(items, concert)),
      };
    });
    this.recentPace = reuseRecentResults(recentRoomCacheMs, clock, (concertId: string) => this.readPaceAt(concertId, this.clock.now()));
  }

  public async readIssueSnapshot(userId: string, concertId: string): Promise<IssueSnapshot> {
    const user = userProfileKey(userId);
    const concert = concertKey(concertId);
    const lock = liveTokenLockKey(userId, concertId);
    // The place rows where the frontier is expected come in the same read: issuing makes no round trip for them.
    const frontier = this.places.frontierRead(concertId);
    const { items, room, roomItem } = await this.readCounters(concertId, [user, lock, concert, ...frontier.keys], true);
    const concertItem = itemWithKey(items, concert);
    const lockItem = itemWithKey(items, lock);
    const holder = lockItem && lockedTokenIdFromItem(lockItem);
    return {
      userExists: itemWithKey(items, user) !== undefined,
      concertExists: concertItem !== undefined,
      ...(holder === undefined ? {} : { lockHolderTokenId: holder }),
      sale: saleOf(concertItem),
      draw: drawOf(roomItem),
      room,
      placeHint: await frontier.startRow(items, room.issued),
    };
  }

  public async claimPlace(concertId: string, hint?: number): Promise<ClaimedPlace> {
    const fromRow = hint ?? (await this.places.readStartRow(concertId, false));
    const [place] = await this.places.claim(concertId, 1, fromRow);
    if (place === undefined) throw new Error('PlaceRows.claim returned no place');
    return { place, shard: (place - 1) % this.queueShards };
  }


  public async readRoomStatus(concertId: string): Promise<{ concertExists: boolean; sale: SaleSettings; room: RoomCounters }> {
    const concert = concertKey(concertId);
    const { items, room } = await this.readCounters(concertId, [concert], false);
    const concertItem = itemWithKey(items, concert);
    return { concertExists: concertItem !== undefined, sale: saleOf(concertItem), room };
  }

  public async countAdmittedLastMinute(concertId: string, nowMs: number): Promise<number> {
    return paceOf(await readAdmissionBuckets(this.db, this.tableName, concertId, firstMinuteBucket(nowMs), nowMs), nowMs).admittedLastMinute;
  }

  public readPace(concertId: string): Promise<AdmissionPace> {
    return this.recentPace(concertId);
  }

  private async readPaceAt(concertId: string, nowMs: number): Promise<AdmissionPace> {
    return paceOf(await readAdmissionBuckets(this.db, this.tableName, concertId, firstPaceBucket(nowMs), nowMs), nowMs);
  }

  public async readAdmissionSnapshot(concertId: string): Promise<{ room: RoomCounters; sale: SaleSettings }> {
    const concert = concertKey(concertId);
    const { items, room } = await this.readCounters(concertId, [concert], true);
    return { room, sale: saleOf(itemWithKey(items, concert)) };
  }

  public async readRoom(concertId: string): Promise<RoomCounters> {
    return (await this.readCounters(concertId, [], true)).room;
  }

  public readRecentRoom(concertId: string): Promise<RecentRoom> {
    return this.recentRoom(concertId);
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
    return { items, room: counters, roomItem };
  }
}
