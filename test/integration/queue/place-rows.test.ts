import { randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { PlaceRows, placesPerRow } from '../../../lambdas/adapters/dynamodb/place-rows';
import { keys } from '../../../lambdas/adapters/dynamodb/table';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const shards = 8;

/** Where a Lambda instance that has never seen a room takes its first place, against DynamoDB Local. */
describe('PlaceRows: a cold instance finds the frontier', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
  });

  /** One Lambda instance's place rows, with the row claims (UpdateItem on a row) and the Queries it sends counted. */
  const instance = () => {
    const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, maxAttempts: 5 });
    const sent = jest.spyOn(db, 'send');
    const rowClaims = () =>
      sent.mock.calls.filter(([command]) => command instanceof UpdateCommand && (command.input.Key as { sk?: string }).sk === 'ROW').length;
    const queries = () => sent.mock.calls.filter(([command]) => command instanceof QueryCommand).length;
    return { rows: new PlaceRows(db, table.tableName, shards), rowClaims, queries };
  };

  it('starts at the row the frontier marker names, however many places before it were claimed and never used', async () => {
    const concertId = randomUUID();
    // 2,000 places claimed and never used: no token counted them, so Σ issued still names row 1.
    const earlier = instance();
    await earlier.rows.claim(concertId, 2_000, 1);

    const cold = instance();
    const place = await cold.rows.claim(concertId, 1, await cold.rows.readStartRow(concertId, true));
    expect(place).toEqual([2_001]);
    expect(cold.rowClaims()).toBe(1);
  });

  it('never hands out again a place of rows kept from before each row had its own key', async () => {
    const concertId = randomUUID();
    // The old layout: every row under one partition key, the last one partly used; 250 tokens counted on a shard.
    for (const [row, taken] of [[1, placesPerRow], [2, placesPerRow], [3, 64]] as const) {
      await table.db.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { pk: keys.placeFrontier(concertId).pk, sk: `ROW#${String(row).padStart(12, '0')}` },
          UpdateExpression: 'SET taken = :taken',
          ExpressionAttributeValues: { ':taken': taken },
        }),
      );
    }
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.roomShard(concertId, 0),
        UpdateExpression: 'SET issued = :issued',
        ExpressionAttributeValues: { ':issued': 250 },
      }),
    );

    const cold = instance();
    expect(await cold.rows.claim(concertId, 1, await cold.rows.readStartRow(concertId, true))).toEqual([3 * placesPerRow + 1]);
    // The first cold instance left the marker at row 4: the next one starts there without looking at the old rows.
    const next = instance();
    expect(await next.rows.claim(concertId, 1, await next.rows.readStartRow(concertId, true))).toEqual([3 * placesPerRow + 2]);
    expect(next.queries()).toBe(0);
  });
});
