import { parseArgs } from 'node:util';
import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { DynamoConcertRepository } from '../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../lambdas/adapters/system';
import { defaultTableName } from '../lambdas/config';
import { DomainError, ServiceUnavailableError } from '../lambdas/domain/errors';
import type { CreateConcertCommand } from '../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../lambdas/use-cases/concerts/create-concert';

export const adminUsage = [
  'usage: npm run admin -- create-concert --title <title> --venue <venue> --dates <YYYY-MM-DD,...> --seats <per date> --price <won>',
  'environment: TABLE_NAME, DYNAMODB_ENDPOINT (default http://127.0.0.1:$DYNAMODB_PORT, DYNAMODB_PORT default 8000)',
].join('\n');

/** Bad or missing command-line arguments; the message says which. */
export class UsageError extends Error {}

export type AdminCommand = { readonly kind: 'help' } | { readonly kind: 'create-concert'; readonly concert: CreateConcertCommand };

const wholeNumber = (name: string, raw: string): number => {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
};

const required = (values: Record<string, string | boolean | undefined>, name: string): string => {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
};

/** Parses the arguments after `npm run admin --`. Ranges and date validity are checked by the use case. */
export const parseAdminArgs = (args: readonly string[]): AdminCommand => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('a command is required');
  if (command !== 'create-concert') throw new UsageError(`unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return {
    kind: 'create-concert',
    concert: {
      title: required(values, 'title'),
      venue: required(values, 'venue'),
      dates: required(values, 'dates')
        .split(',')
        .map((date) => date.trim()),
      seatsPerDate: wholeNumber('seats', required(values, 'seats')),
      price: wholeNumber('price', required(values, 'price')),
    },
  };
};

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      title: { type: 'string' },
      venue: { type: 'string' },
      dates: { type: 'string' },
      seats: { type: 'string' },
      price: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

export interface AdminIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs the admin CLI; resolves to the process exit code. */
export const runAdmin = async (args: readonly string[], env: NodeJS.ProcessEnv, io: AdminIo): Promise<number> => {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`admin: ${error.message}\n${adminUsage}\n`);
    return 1;
  }
  if (command.kind === 'help') {
    io.out(`${adminUsage}\n`);
    return 0;
  }

  const endpoint = env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${env.DYNAMODB_PORT || 8000}`;
  const tableName = env.TABLE_NAME || defaultTableName;
  const db = createDocumentClient({ endpoint });
  try {
    const { concert, dates } = await createConcert({ concerts: new DynamoConcertRepository(db, tableName), ids: uuidGenerator })(command.concert);
    io.out(`${JSON.stringify({ concertId: concert.concertId, dates: dates.map(({ date }) => date) })}\n`);
    return 0;
  } catch (error) {
    io.err(`admin: ${describeFailure(error, endpoint, tableName)}\n`);
    return 1;
  } finally {
    db.destroy();
  }
};

const describeFailure = (error: unknown, endpoint: string, tableName: string): string => {
  if (error instanceof ServiceUnavailableError) return `could not reach DynamoDB at ${endpoint}: is the local server (npm start) running?`;
  if (error instanceof ResourceNotFoundException) return `table "${tableName}" does not exist at ${endpoint}: start the local server (npm start) once to create it`;
  if (error instanceof DomainError) return error.message;
  return `could not create the concert: ${(error as Error).message}`;
};
