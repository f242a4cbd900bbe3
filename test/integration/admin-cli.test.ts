import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../../lambdas/adapters/system';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';
import { createTestTable } from '../support/dynamodb';
import type { TestTable } from '../support/dynamodb';

const projectRoot = resolve(__dirname, '../..');

interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npx tsx bin/admin.ts ...` as a separate process, as `npm run admin --` does. */
const runAdmin = async (args: string[], env: Record<string, string>): Promise<CliResult> => {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'bin/admin.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

describe('admin CLI create-concert', () => {
  let table: TestTable;
  let env: Record<string, string>;

  beforeAll(async () => {
    table = await createTestTable();
    env = { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT as string };
  });

  it('creates the concert with its dates and seats, and prints its id and dates as JSON', async () => {
    const result = await runAdmin(
      ['create-concert', '--title', 'Winter Live', '--venue', 'Olympic Hall', '--dates', '2099-12-25,2099-12-24', '--seats', '50', '--price', '50000'],
      env,
    );

    expect(result.exitCode).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({ concertId: expect.any(String), dates: ['2099-12-24', '2099-12-25'] });
    const stored = await new DynamoConcertRepository(table.db, table.tableName).findConcertWithDates(printed.concertId);
    expect(stored).toEqual({
      concert: { concertId: printed.concertId, title: 'Winter Live', venue: 'Olympic Hall', lastDate: '2099-12-25' },
      dates: [
        { concertId: printed.concertId, date: '2099-12-24', price: 50_000, totalSeats: 50, grades: [{ grade: 'STANDARD', price: 50_000, firstSeatNo: 1, lastSeatNo: 50 }] },
        { concertId: printed.concertId, date: '2099-12-25', price: 50_000, totalSeats: 50, grades: [{ grade: 'STANDARD', price: 50_000, firstSeatNo: 1, lastSeatNo: 50 }] },
      ],
    });
  });

  it("prints nothing on stderr when it succeeds, not even the AWS SDK's Node version notice", async () => {
    const environment = { ...process.env };
    delete environment.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const { stderr } = await promisify(execFile)('npx', ['tsx', 'bin/admin.ts', 'concerts'], { cwd: projectRoot, env: { ...environment, ...env } });
    expect(stderr).toBe('');
  });

  it('exits 1 with usage on stderr, and nothing on stdout, when an argument is missing', async () => {
    const result = await runAdmin(['create-concert', '--title', 'Winter Live', '--dates', '2099-12-24', '--seats', '50', '--price', '50000'], env);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--venue is required');
    expect(result.stderr).toContain('usage: npm run admin -- create-concert');
  });

  it('exits 1 with the reason when the use case rejects the values', async () => {
    const result = await runAdmin(['create-concert', '--title', 'T', '--venue', 'V', '--dates', '2099-02-30', '--seats', '50', '--price', '50000'], env);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('dates must be a non-empty list of YYYY-MM-DD dates');
  });

  it('exits 1 and says so when the table does not exist', async () => {
    const result = await runAdmin(['create-concert', '--title', 'T', '--venue', 'V', '--dates', '2099-12-24', '--seats', '1', '--price', '1'], {
      ...env,
      TABLE_NAME: 'no-such-table',
    });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('table "no-such-table" does not exist');
  });

  it('names DYNAMODB_PORT when no DynamoDB answers at the port it defaulted to', async () => {
    const result = await runAdmin(['concerts'], { ...env, DYNAMODB_ENDPOINT: '', DYNAMODB_PORT: '1' });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('could not reach DynamoDB at http://127.0.0.1:1: is the local server (npm start) running');
    expect(result.stderr).toContain('DYNAMODB_PORT=N npm run admin -- ...');
  });

  it('warns on stderr when a concert with the same title, venue and dates exists, and still creates the new one', async () => {
    const args = ['create-concert', '--title', 'Twin Live', '--venue', 'Olympic Hall', '--dates', '2099-03-01,2099-03-02', '--seats', '1', '--price', '1'];
    const first = JSON.parse((await runAdmin(args, env)).stdout);
    const second = await runAdmin([...args.slice(0, 2), 'twin live', ...args.slice(3)], env);

    expect(second.exitCode).toBe(0);
    const created = JSON.parse(second.stdout);
    expect(created.concertId).not.toBe(first.concertId);
    expect(second.stderr).toContain(`admin: warning: concert ${first.concertId} has the same title, venue and dates; created ${created.concertId} as well`);
  });

  it('lists concerts with their ids, every date and sale status', async () => {
    const { concert: ended } = await createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
      title: 'Last Year',
      venue: 'Olympic Hall',
      dates: ['2000-01-01'],
      seatsPerDate: 1,
      price: 1,
    });
    const listed = await runAdmin(['concerts', '--json'], env);
    const text = await runAdmin(['concerts'], env);

    expect(listed.exitCode).toBe(0);
    const rows = JSON.parse(listed.stdout) as { concertId: string; status: string; dates: string[] }[];
    expect(rows.find((row) => row.concertId === ended.concertId)).toEqual({
      concertId: ended.concertId,
      title: 'Last Year',
      venue: 'Olympic Hall',
      status: 'ENDED',
      dates: ['2000-01-01'],
    });
    expect(rows.find((row) => row.dates.includes('2099-12-24'))?.status).toBe('ON_SALE');
    expect(text.stdout).toContain(`${ended.concertId}  ENDED     Last Year @ Olympic Hall  2000-01-01`);
  });
});
