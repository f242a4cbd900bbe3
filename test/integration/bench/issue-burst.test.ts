import { runIssueBurst } from '../../../bench/scenarios/issue-burst';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

jest.setTimeout(300_000);

/** The bench's issue burst on a few hundred fans: places dense and unique, and no place row written much past its 100. */
describe('bench scenario: issue burst', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
  });

  it('hands out the places 2..n+1 once each across rows of their own, each written about 100 times, with one read per issue', async () => {
    const result = await runIssueBurst(process.env.DYNAMODB_ENDPOINT!, table.db, table.tableName, { fans: 250, instances: 10, queueShards: 8 });

    expect(result.placesDense).toBe(true);
    expect(result.rows).toBeGreaterThanOrEqual(3);
    expect(result.rowWritesMax).toBeLessThanOrEqual(100 + 2 * 10);
    expect(result.batchGetsPerIssue).toBe(1);
    expect(result.maxClaimsInOneIssue).toBeGreaterThanOrEqual(1);
  });
});
