import { randomUUID } from 'node:crypto';
import { admissionRecordItem, readAdmissionBuckets } from '../../../lambdas/adapters/dynamodb/admission-record';
import { transactWrite } from '../../../lambdas/adapters/dynamodb/transactions';
import { firstPaceBucket } from '../../../lambdas/domain/queue';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

/** The admission buckets a room's admissions write, read back for the pace, against DynamoDB Local. */
describe('admission buckets', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
  });

  const bucketStart = 1_800_000_000_000; // a bucket's first millisecond
  const record = (concertId: string, nowMs: number, fromLine: boolean) =>
    transactWrite(table.db, [admissionRecordItem(table.tableName, concertId, nowMs, fromLine, 1)]);

  it('counts admissions from the line per second of their bucket, with the first one\'s time, and issues only in the total', async () => {
    const concertId = randomUUID();
    for (const atMs of [bucketStart + 1_200, bucketStart + 1_900, bucketStart + 7_050, bucketStart + 12_000]) await record(concertId, atMs, true);
    await record(concertId, bucketStart + 3_000, false);

    const buckets = await readAdmissionBuckets(table.db, table.tableName, concertId, firstPaceBucket(bucketStart + 15_000), bucketStart + 15_000);
    expect(buckets).toEqual([
      { bucket: bucketStart / 10_000, admitted: 4, fromLine: 3, firstLineAtMs: bucketStart + 1_200, fromLineBySecond: [0, 2, 0, 0, 0, 0, 0, 1, 0, 0] },
      { bucket: bucketStart / 10_000 + 1, admitted: 1, fromLine: 1, firstLineAtMs: bucketStart + 12_000, fromLineBySecond: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it('reads a bucket of issues alone without per-second counts', async () => {
    const concertId = randomUUID();
    await record(concertId, bucketStart, false);
    expect(await readAdmissionBuckets(table.db, table.tableName, concertId, bucketStart / 10_000, bucketStart)).toEqual([
      { bucket: bucketStart / 10_000, admitted: 1, fromLine: 0 },
    ]);
  });
});
