import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { keys } from './table';

/**
 * Places per row item. A claim ADDs to the current row and takes the places the returned count names, so each place
 * is handed out exactly once however many claims race; a row takes `placesPerRow` units plus the few that arrive
 * after it filled, which move on to the rows ahead (docs/scaling.md: the per-item write rate this gives).
 */
export const placesPerRow = 100;
/** The last rows read to find the first one not full: only a burst of more than 200 claims in flight runs further ahead. */
const rowsRead = 3;
/** Rows a claim walks before giving up: only a burst of this many × `placesPerRow` simultaneous claims gets there. */
const maxRowHops = 50;

/** Where a room's places stand. */
export interface PlaceFrontier {
  /** The first row not known to be full: where the next claim starts. */
  readonly nextRow: number;
}

const rowOf = (sortKey: unknown): number => Number(String(sortKey).slice('ROW#'.length));
const takenOf = (item: Record<string, unknown> | undefined): number => (typeof item?.taken === 'number' ? item.taken : 0);

/** The last rows of the room's places partition (one Query of at most three small items). */
export const readPlaceFrontier = async (db: DynamoDBDocumentClient, tableName: string, concertId: string, consistent: boolean): Promise<PlaceFrontier> => {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.placeRow(concertId, 1).pk },
      ScanIndexForward: false,
      Limit: rowsRead,
      ConsistentRead: consistent,
    }),
  );
  const rows = (Items ?? []).map((item) => ({ row: rowOf(item.sk), taken: Math.min(placesPerRow, takenOf(item)) })).sort((a, b) => a.row - b.row);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return { nextRow: 1 };
  return { nextRow: rows.find(({ taken }) => taken < placesPerRow)?.row ?? last.row + 1 };
};

/**
 * Claims `count` places (ascending; one atomic ADD per row touched), starting at row `fromRow` (a hint: a full row
 * sends the claim on). The k-th unit past a full row's end goes straight to the row it would fill, so a burst spreads
 * over the rows ahead instead of walking them one by one, and rows fill in order.
 */
export const claimPlaces = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  concertId: string,
  count: number,
  fromRow: number,
): Promise<number[]> => {
  const places: number[] = [];
  let row = Math.max(1, fromRow);
  for (let hop = 0; hop < maxRowHops && places.length < count; hop += 1) {
    const wanted = count - places.length;
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
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
  if (places.length < count) throw new ServiceUnavailableError('no free place found in the waiting line');
  return places;
};
