import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { PlaceRows, frontierRow, frontierMarkOf, placesPerRow, rowAfter } from '../../../../lambdas/adapters/dynamodb/place-rows';
import { keys } from '../../../../lambdas/adapters/dynamodb/table';

describe('frontierRow', () => {
  it('starts at the first row read that is not full', () => {
    expect(frontierRow([{ row: 7, taken: 100 }, { row: 8, taken: 42 }, { row: 9, taken: 0 }], 650)).toBe(8);
  });

  it('starts at a row read that is not full even when the issued count points further ahead, so a row left short fills', () => {
    expect(frontierRow([{ row: 3, taken: 60 }, { row: 4, taken: 100 }, { row: 5, taken: 100 }], 480)).toBe(3);
  });

  it('counts a row read past its end as full', () => {
    expect(frontierRow([{ row: 2, taken: 130 }, { row: 3, taken: 0 }], 0)).toBe(3);
  });

  it('goes past the rows read when all of them are full', () => {
    expect(frontierRow([{ row: 4, taken: 100 }, { row: 5, taken: 101 }, { row: 6, taken: 100 }], 0)).toBe(7);
  });

  it('goes to the row the issued count names when the rows read are all full and far behind it', () => {
    expect(frontierRow([{ row: 4, taken: 100 }, { row: 5, taken: 100 }, { row: 6, taken: 100 }], 2_345)).toBe(24);
  });

  it('starts from the issued count alone when no row was read: row ⌊issued / 100⌋ + 1', () => {
    expect(frontierRow([], 0)).toBe(1);
    expect(frontierRow([], 99)).toBe(1);
    expect(frontierRow([], 100)).toBe(2);
    expect(frontierRow([], 250)).toBe(3);
  });

  it('reads the rows in any order', () => {
    expect(frontierRow([{ row: 9, taken: 0 }, { row: 8, taken: 100 }], 0)).toBe(9);
  });

  it('never starts behind the row the frontier marker names, however many places went unused behind it', () => {
    expect(frontierRow([], 2_000, 52)).toBe(52);
    expect(frontierRow([], 2_000)).toBe(21);
    expect(frontierRow([{ row: 30, taken: 100 }, { row: 31, taken: 100 }, { row: 32, taken: 100 }], 2_000, 52)).toBe(52);
  });
});

describe('frontierMarkOf', () => {
  it('names the row after the last row the claim filled', () => {
    expect(frontierMarkOf([100])).toBe(2);
    expect(frontierMarkOf([99, 100, 101, 102])).toBe(2);
    expect(frontierMarkOf(Array.from({ length: 250 }, (_, index) => 51 + index))).toBe(4);
  });

  it("names row 1 for the claim that took the room's first place", () => {
    expect(frontierMarkOf([1])).toBe(1);
  });

  it('names none for a claim inside a row', () => {
    expect(frontierMarkOf([42, 43])).toBeUndefined();
    expect(frontierMarkOf([101])).toBeUndefined();
    expect(frontierMarkOf([])).toBeUndefined();
  });
});

describe('rowAfter', () => {
  it('names the row of the place after the one given', () => {
    expect([rowAfter(1), rowAfter(99), rowAfter(100), rowAfter(101)]).toEqual([1, 1, 2, 2]);
  });
});

describe('PlaceRows', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const rowOf = (input: { Key?: Record<string, unknown> }) => Number(String(input.Key?.pk).split('#').pop());
  const isMarker = (input: { Key?: Record<string, unknown> }) => input.Key?.sk === keys.placeFrontier('c').sk;
  const rowClaims = () => mock.commandCalls(UpdateCommand).filter((call) => !isMarker(call.args[0].input));
  const markerWrites = () => mock.commandCalls(UpdateCommand).filter((call) => isMarker(call.args[0].input)).map((call) => call.args[0].input.ExpressionAttributeValues?.[':row']);
  /** Rows as DynamoDB would keep them: `taken` per row, added to atomically; the frontier marker's writes succeed. */
  const storeRows = (taken: Map<number, number>) =>
    mock.on(UpdateCommand).callsFake((input: { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, number> }) => {
      if (isMarker(input)) return {};
      const row = rowOf(input);
      const now = (taken.get(row) ?? 0) + (input.ExpressionAttributeValues?.[':wanted'] ?? 0);
      taken.set(row, now);
      return { Attributes: { taken: now } };
    });

  afterEach(() => mock.reset());

  it('reads only the frontier marker for a room it has not claimed in, and starts at the row the marker names', async () => {
    const rows = new PlaceRows(documentClient, 't', 8);
    const read = rows.frontierRead('c');
    expect(read.keys).toEqual([keys.placeFrontier('c')]);
    expect(await read.startRow([{ ...keys.placeFrontier('c'), row: 3 }], 250)).toBe(3);
    expect(mock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('reads no row before the room has handed out a place (a pre-queue arrival), and remembers nothing', async () => {
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.frontierRead('c').startRow([], 0)).toBe(1);
    expect(rows.frontierRead('c').keys).toEqual([keys.placeFrontier('c')]);
  });

  it('starts after the rows kept from before each row had its own key when the room has places but no marker', async () => {
    mock.on(QueryCommand).resolves({ Items: [{ pk: keys.placeFrontier('c').pk, sk: 'ROW#000000000007', taken: 64 }] });
    storeRows(new Map());
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.frontierRead('c').startRow([], 250)).toBe(8);
    // It leaves the marker there for the other instances.
    expect(markerWrites()).toEqual([8]);
    expect(mock.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ScanIndexForward: false, Limit: 1, ConsistentRead: true });
    // Remembered: the next issue on this instance reads rows from there, and asks no more.
    expect(rows.frontierRead('c').keys[0]).toEqual(keys.placeRow('c', 8));
    await rows.frontierRead('c').startRow([], 250);
    expect(mock.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('moves the marker past the row a claim filled, once per row, and not for a claim inside a row', async () => {
    storeRows(new Map([[1, 98]]));
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.claim('c', 1, 1)).toEqual([99]);
    expect(markerWrites()).toEqual([]);
    expect(await rows.claim('c', 1, 1)).toEqual([100]);
    expect(markerWrites()).toEqual([2]);
    expect(await rows.claim('c', 1, 2)).toEqual([101]);
    expect(markerWrites()).toEqual([2]);
    expect(mock.commandCalls(UpdateCommand).find((call) => isMarker(call.args[0].input))?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(#row) OR #row < :row',
    );
  });

  it('hands out the places it claimed even when the marker write fails', async () => {
    mock.on(UpdateCommand).callsFake((input: { Key?: Record<string, unknown> }) => {
      if (isMarker(input)) throw new Error('throttled');
      return { Attributes: { taken: 1 } };
    });
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.claim('c', 1, 4)).toEqual([301]);
  });

  it('reads the rows from the last one it claimed in, and remembers the start it found', async () => {
    storeRows(new Map([[3, 40]]));
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.claim('c', 1, 3)).toEqual([241]);

    const read = rows.frontierRead('c');
    expect(read.keys).toEqual([keys.placeRow('c', 3), keys.placeRow('c', 4), keys.placeRow('c', 5), keys.placeFrontier('c')]);
    const start = await read.startRow([{ ...keys.placeRow('c', 3), taken: 100 }, { ...keys.placeRow('c', 4), taken: 100 }], 0);
    expect(start).toBe(5);
    expect(rows.frontierRead('c').keys[0]).toEqual(keys.placeRow('c', 5));
  });

  it('keys each row in a partition of its own', () => {
    expect(keys.placeRow('c', 1).pk).not.toBe(keys.placeRow('c', 2).pk);
  });

  it('hops over full rows to the row the overflow would fill, and remembers where its last place was', async () => {
    storeRows(new Map([[1, placesPerRow], [2, placesPerRow], [3, 10]]));
    const rows = new PlaceRows(documentClient, 't', 8);
    expect(await rows.claim('c', 1, 1)).toEqual([211]);
    expect(rowClaims().map((call) => rowOf(call.args[0].input))).toEqual([1, 2, 3]);
    expect(rows.frontierRead('c').keys[0]).toEqual(keys.placeRow('c', 3));
  });

  it('claims a block across two rows in ascending order and remembers the row after the last place', async () => {
    storeRows(new Map([[1, 50]]));
    const rows = new PlaceRows(documentClient, 't', 8);
    const places = await rows.claim('c', 100, 1);
    expect(places).toEqual(Array.from({ length: 100 }, (_, index) => 51 + index));
    expect(rows.frontierRead('c').keys[0]).toEqual(keys.placeRow('c', 2));
  });

  it('never moves its memory of a room backwards when an older read finishes after a claim', async () => {
    storeRows(new Map([[6, 5]]));
    const rows = new PlaceRows(documentClient, 't', 8);
    const olderRead = rows.frontierRead('c');
    await rows.claim('c', 1, 6);
    expect(await olderRead.startRow([], 0)).toBe(1);
    expect(rows.frontierRead('c').keys[0]).toEqual(keys.placeRow('c', 6));
  });
});
