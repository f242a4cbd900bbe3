import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { batchGetItems, itemWithKey } from './queue-batch-get';
import type { ItemKey } from './table';
import { keys } from './table';

/**
 * Places per row item. A claim ADDs to the current row and takes the places the returned count names, so each place
 * is handed out exactly once however many claims race; a row takes `placesPerRow` units plus the few that arrive
 * after it filled, which move on to the rows ahead. Each row is a partition of its own, so no key takes more than
 * about 150 writes in its life whatever the issue rate (docs/scaling.md).
 */
export const placesPerRow = 100;
/** Rows read from the remembered frontier on: the row and the two ahead, where the next claims land. */
const rowsRead = 3;
/** Rows a claim walks before giving up: only a burst of this many × `placesPerRow` simultaneous claims gets there. */
const maxRowHops = 50;

/** A place row as a read saw it. */
export interface RowSeen {
  readonly row: number;
  readonly taken: number;
}

/**
 * Where the next claim starts: the first row read that is not full; when every row read is full (or none was read),
 * the row after them or row `⌊Σ issued / placesPerRow⌋ + 1`, whichever is further; never behind `markedRow`, the row
 * the room's frontier marker names (the row after the last one filled). `issued` counts tokens written with a place, each written
 * after its place was claimed, so its row is the current one or behind it by the places claimed but never used, which
 * only grow: the marker is what keeps a claim from walking the full rows that leaves behind.
 */
export const frontierRow = (rowsSeen: readonly RowSeen[], issued: number, markedRow = 1): number => {
  const rows = [...rowsSeen].sort((a, b) => a.row - b.row);
  const open = rows.find(({ taken }) => taken < placesPerRow);
  const afterRead = (rows[rows.length - 1]?.row ?? 0) + 1;
  return Math.max(open?.row ?? Math.max(afterRead, Math.floor(issued / placesPerRow) + 1), markedRow);
};

/**
 * The row a claim's places send the room's frontier marker to: the row after the last one it filled (it took that
 * row's last place), or row 1 when it took the room's first place (so a room with places always has a marker); none
 * for a claim inside a row. One marker write per row of 100 places.
 */
export const frontierMarkOf = (places: readonly number[]): number | undefined => {
  const filled = places.filter((place) => place % placesPerRow === 0).pop();
  if (filled !== undefined) return rowAfter(filled);
  return places[0] === 1 ? 1 : undefined;
};

/** The row the place after `place` is in: where a claim that just got `place` expects the next one. */
export const rowAfter = (place: number): number => Math.floor(place / placesPerRow) + 1;

const takenOf = (item: Record<string, unknown> | undefined): number => (typeof item?.taken === 'number' ? item.taken : 0);
const markedRowOf = (item: Record<string, unknown> | undefined): number | undefined => (typeof item?.row === 'number' ? item.row : undefined);
/** Rows from before each row had its own partition key: `ROW#<row, 12 digits>` under the marker's partition key. */
const legacyRowPrefix = 'ROW#';

/** The rows to read with a snapshot, and how to turn what came back into the row the next claim starts at. */
export interface FrontierRead {
  readonly keys: readonly ItemKey[];
  /** `items`: what the read returned (other items may be among them); `issued`: Σ issued over the room's shards, from the same read. */
  startRow(items: readonly Record<string, unknown>[], issued: number): Promise<number>;
}

/**
 * A room's place rows, one partition key per row (`keys.placeRow`), so that no key takes every issue's write. No
 * Query can find the frontier across partitions: each instance remembers per room the highest row it has seen not
 * full, and the caller's one consistent read of the shards (`Σ issued`) also takes those rows and the room's frontier
 * marker (docs/data-model.md, "The waiting room").
 */
export class PlaceRows {
  /** Per Lambda instance and room: the highest row seen not full. Only ever moves forward. */
  private readonly frontiers = new Map<string, number>();

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
  ) {}

  /**
   * The rows worth reading for the room's next claim (none until this instance has seen the room's rows) and the
   * room's frontier marker.
   */
  public frontierRead(concertId: string): FrontierRead {
    const from = this.frontiers.get(concertId);
    const rows = from === undefined ? [] : Array.from({ length: rowsRead }, (_, offset) => from + offset);
    const rowKeys = rows.map((row) => keys.placeRow(concertId, row));
    const marker = keys.placeFrontier(concertId);
    return {
      keys: [...rowKeys, marker],
      startRow: async (items, issued) => {
        const seen = rows.map((row, index) => ({ row, taken: takenOf(itemWithKey(items, rowKeys[index] as ItemKey)) }));
        let markedRow = markedRowOf(itemWithKey(items, marker));
        // Places handed out and no marker: rows kept from before the marker (and their own keys) may exist. The first
        // instance to look leaves the marker there, so the others do not look again.
        if (markedRow === undefined && issued > 0 && from === undefined) {
          markedRow = await this.rowAfterLegacyRows(concertId);
          await this.markFrontier(concertId, markedRow);
        }
        const start = frontierRow(seen, issued, markedRow);
        // Only rooms with places handed out are remembered: a pre-queue arrival (no claim follows) leaves the instance reading none.
        if (rows.length > 0 || issued > 0) this.remember(concertId, start);
        return start;
      },
    };
  }

  /**
   * The row after the room's last row in the layout before each row had its own key (one Query of the marker's
   * partition, newest row first), so places handed out then are never handed out again; 1 when there is none.
   */
  private async rowAfterLegacyRows(concertId: string): Promise<number> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :row)',
        ExpressionAttributeValues: { ':pk': keys.placeFrontier(concertId).pk, ':row': legacyRowPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = Number(String(Items?.[0]?.sk ?? '').slice(legacyRowPrefix.length));
    return Number.isInteger(last) && last > 0 ? last + 1 : 1;
  }

  /** For a claim without a snapshot: the room's shards and the remembered rows in one BatchGetItem. */
  public async readStartRow(concertId: string, consistent: boolean): Promise<number> {
    const read = this.frontierRead(concertId);
    const shards = Array.from({ length: this.queueShards }, (_, shard) => keys.roomShard(concertId, shard));
    const items = await batchGetItems(this.db, this.tableName, [...shards, ...read.keys], { consistent });
    const issued = shards.reduce((sum, key) => {
      const value = itemWithKey(items, key)?.issued;
      return sum + (typeof value === 'number' ? value : 0);
    }, 0);
    return read.startRow(items, issued);
  }

  /**
   * Claims `count` places (ascending; one atomic ADD per row touched), starting at row `fromRow` (a hint: a full row
   * sends the claim on). The k-th unit past a full row's end goes straight to the row it would fill, so a burst spreads
   * over the rows ahead instead of walking them one by one, and rows fill in order.
   */
  public async claim(concertId: string, count: number, fromRow: number): Promise<number[]> {
    const places: number[] = [];
    let row = Math.max(1, fromRow);
    for (let hop = 0; hop < maxRowHops && places.length < count; hop += 1) {
      const wanted = count - places.length;
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.placeRow(concertId, row),
          UpdateExpression: 'ADD taken :wanted',
          ExpressionAttributeValues: { ':wanted': wanted },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const taken = takenOf(Attributes);
      const firstOffset = taken - wanted + 1;
      for (let offset = firstOffset; offset <= Math.min(taken, placesPerRow); offset += 1) places.push((row - 1) * placesPerRow + offset);
      // The first unit that did not fit is the k-th past the row's end.
      const overflow = Math.max(firstOffset, placesPerRow + 1) - placesPerRow;
      row += Math.ceil(overflow / placesPerRow);
    }
    const last = places[places.length - 1];
    if (last === undefined || places.length < count) throw new ServiceUnavailableError('no free place found in the waiting line');
    this.remember(concertId, rowAfter(last));
    const mark = frontierMarkOf(places);
    if (mark !== undefined) await this.markFrontier(concertId, mark);
    return places;
  }

  /** Moves the room's frontier marker to `row` (never back): one write per row, by the claim that filled the row before. */
  private async markFrontier(concertId: string, row: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.placeFrontier(concertId),
          UpdateExpression: 'SET #row = :row',
          ConditionExpression: 'attribute_not_exists(#row) OR #row < :row',
          ExpressionAttributeNames: { '#row': 'row' },
          ExpressionAttributeValues: { ':row': row },
        }),
      );
    } catch {
      // A hint, never a place: a marker already further on, or a write lost to the deadline or a throttle, only costs
      // a cold instance's claim the hops up to the row the next row-filling claim marks.
    }
  }

  private remember(concertId: string, row: number): void {
    if (row > (this.frontiers.get(concertId) ?? 0)) this.frontiers.set(concertId, row);
  }
}
