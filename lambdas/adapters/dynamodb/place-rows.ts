import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
 * the row after them or row `⌊Σ issued / placesPerRow⌋ + 1`, whichever is further. `issued` counts tokens written
 * with a place, each written after its place was claimed, so that row is the current one or behind it (by the
 * claims in flight and the places claimed but never used); a claim that meets full rows hops on from there.
 */
export const frontierRow = (rowsSeen: readonly RowSeen[], issued: number): number => {
  const rows = [...rowsSeen].sort((a, b) => a.row - b.row);
  const open = rows.find(({ taken }) => taken < placesPerRow);
  if (open) return open.row;
  const afterRead = (rows[rows.length - 1]?.row ?? 0) + 1;
  return Math.max(afterRead, Math.floor(issued / placesPerRow) + 1);
};

/** The row the place after `place` is in: where a claim that just got `place` expects the next one. */
export const rowAfter = (place: number): number => Math.floor(place / placesPerRow) + 1;

const takenOf = (item: Record<string, unknown> | undefined): number => (typeof item?.taken === 'number' ? item.taken : 0);

/** The rows to read with a snapshot, and how to turn what came back into the row the next claim starts at. */
export interface FrontierRead {
  readonly keys: readonly ItemKey[];
  /** `items`: what the read returned (other items may be among them); `issued`: Σ issued over the room's shards, from the same read. */
  startRow(items: readonly Record<string, unknown>[], issued: number): number;
}

/**
 * A room's place rows, one partition key per row (`keys.placeRow`), so that no key takes every issue's write. No
 * Query can find the frontier across partitions: each instance remembers per room the highest row it has seen not
 * full, and the caller's consistent read of the shards (`Σ issued`) reads the rows from there alongside
 * (docs/data-model.md, "Places").
 */
export class PlaceRows {
  /** Per Lambda instance and room: the highest row seen not full. Only ever moves forward. */
  private readonly frontiers = new Map<string, number>();

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly queueShards: number,
  ) {}

  /** The rows worth reading for the room's next claim: none until this instance has seen the room's rows. */
  public frontierRead(concertId: string): FrontierRead {
    const from = this.frontiers.get(concertId);
    const rows = from === undefined ? [] : Array.from({ length: rowsRead }, (_, offset) => from + offset);
    const rowKeys = rows.map((row) => keys.placeRow(concertId, row));
    return {
      keys: rowKeys,
      startRow: (items, issued) => {
        const seen = rows.map((row, index) => ({ row, taken: takenOf(itemWithKey(items, rowKeys[index] as ItemKey)) }));
        const start = frontierRow(seen, issued);
        // Only rows actually read are remembered: a pre-queue arrival (no claim follows) leaves the instance reading none.
        if (rows.length > 0) this.remember(concertId, start);
        return start;
      },
    };
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
    return places;
  }

  private remember(concertId: string, row: number): void {
    if (row > (this.frontiers.get(concertId) ?? 0)) this.frontiers.set(concertId, row);
  }
}
