import { parseArgs } from 'node:util';
import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../lambdas/adapters/dynamodb/queue-waiting-line';
import { DynamoSeatRepository } from '../lambdas/adapters/dynamodb/seat-repository';
import { systemClock, uuidGenerator } from '../lambdas/adapters/system';
import { loadSettings } from '../lambdas/config';
import type { Concert } from '../lambdas/domain/concert';
import { DomainError, ServiceUnavailableError } from '../lambdas/domain/errors';
import { maxActiveOf, saleStatusOf } from '../lambdas/domain/sale';
import type { CreateConcertCommand } from '../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../lambdas/use-cases/concerts/create-concert';
import type { ChangeSaleCommand } from '../lambdas/use-cases/sale/change-sale';
import { changeSale } from '../lambdas/use-cases/sale/change-sale';
import { dynamoOpenSale } from '../lambdas/handlers/sale-opening';
import { saleStats } from '../lambdas/use-cases/sale/sale-stats';
import { admitWaiting } from '../lambdas/use-cases/sweeper/admit-waiting';

export const adminUsage = [
  'usage: npm run admin -- create-concert --title <title> --venue <venue> --dates <YYYY-MM-DD,...> --seats <per date> --price <won>',
  '                        [--sale-opens-at <ISO time>] [--max-active <n>]',
  '       npm run admin -- sale --concert <id> [--opens-at <ISO time>] [--max-active <n>] [--pause | --resume]',
  '       npm run admin -- stats --concert <id>',
  'environment: TABLE_NAME, DYNAMODB_ENDPOINT (default http://127.0.0.1:$DYNAMODB_PORT, DYNAMODB_PORT default 8000)',
].join('\n');

/** Bad or missing command-line arguments; the message says which. */
export class UsageError extends Error {}

export type AdminCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'create-concert'; readonly concert: CreateConcertCommand }
  | { readonly kind: 'sale'; readonly sale: ChangeSaleCommand }
  | { readonly kind: 'stats'; readonly concertId: string };

const wholeNumber = (name: string, raw: string): number => {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
};

const required = (values: Record<string, string | boolean | undefined>, name: string): string => {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
};

/** An ISO-8601 time with a date, a time and a zone (`2026-12-24T10:00:00Z`, `…+09:00`), as epoch ms. */
const isoTime = (name: string, raw: string): number => {
  const parsed = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(parsed)) {
    throw new UsageError(`--${name} must be an ISO-8601 time with a zone, like 2026-12-24T10:00:00Z, got "${raw}"`);
  }
  return parsed;
};

const optionalValue = <T>(values: Record<string, string | boolean | undefined>, name: string, parse: (name: string, raw: string) => T): T | undefined =>
  typeof values[name] === 'string' ? parse(name, values[name] as string) : undefined;

type ParsedValues = Record<string, string | boolean | undefined>;

const createConcertCommand = (values: ParsedValues): AdminCommand => {
  const saleOpensAtMs = optionalValue(values, 'sale-opens-at', isoTime);
  const maxActive = optionalValue(values, 'max-active', wholeNumber);
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
      ...(saleOpensAtMs === undefined ? {} : { saleOpensAtMs }),
      ...(maxActive === undefined ? {} : { maxActive }),
    },
  };
};

const saleCommand = (values: ParsedValues): AdminCommand => {
  if (values.pause && values.resume) throw new UsageError('--pause and --resume exclude each other');
  const saleOpensAtMs = optionalValue(values, 'opens-at', isoTime);
  const maxActive = optionalValue(values, 'max-active', wholeNumber);
  const paused = values.pause ? true : values.resume ? false : undefined;
  if (saleOpensAtMs === undefined && maxActive === undefined && paused === undefined) {
    throw new UsageError('sale needs at least one of --opens-at, --max-active, --pause, --resume');
  }
  return {
    kind: 'sale',
    sale: {
      concertId: required(values, 'concert'),
      ...(saleOpensAtMs === undefined ? {} : { saleOpensAtMs }),
      ...(maxActive === undefined ? {} : { maxActive }),
      ...(paused === undefined ? {} : { paused }),
    },
  };
};

/** Options each command accepts; any other given option is refused. */
const commandOptions = {
  'create-concert': ['title', 'venue', 'dates', 'seats', 'price', 'sale-opens-at', 'max-active'],
  sale: ['concert', 'opens-at', 'max-active', 'pause', 'resume'],
  stats: ['concert'],
} as const;

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
  if (!Object.hasOwn(commandOptions, command)) throw new UsageError(`unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const accepted: readonly string[] = commandOptions[command as keyof typeof commandOptions];
  const foreign = Object.keys(values).find((name) => !accepted.includes(name));
  if (foreign !== undefined) throw new UsageError(`${command} does not take --${foreign}`);
  if (command === 'sale') return saleCommand(values);
  if (command === 'stats') return { kind: 'stats', concertId: required(values, 'concert') };
  return createConcertCommand(values);
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
      'sale-opens-at': { type: 'string' },
      'max-active': { type: 'string' },
      concert: { type: 'string' },
      'opens-at': { type: 'string' },
      pause: { type: 'boolean' },
      resume: { type: 'boolean' },
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
  const settings = loadSettings(env);
  const tableName = settings.tableName;
  const db = createDocumentClient({ endpoint });
  try {
    io.out(`${JSON.stringify(await execute(command, db, settings))}\n`);
    return 0;
  } catch (error) {
    io.err(`admin: ${describeFailure(error, endpoint, tableName)}\n`);
    return 1;
  } finally {
    db.destroy();
  }
};

/** The concert as `admin sale` prints it: the sale fields as the API shows them, plus the pause flag. */
const saleView = (concert: Concert, defaultMaxActive: number, nowMs: number) => ({
  concertId: concert.concertId,
  title: concert.title,
  venue: concert.venue,
  saleOpensAt: concert.saleOpensAtMs === undefined ? null : new Date(concert.saleOpensAtMs).toISOString(),
  status: saleStatusOf(concert, nowMs),
  maxActive: maxActiveOf(concert, defaultMaxActive),
  paused: concert.paused === true,
});

const execute = async (command: Exclude<AdminCommand, { kind: 'help' }>, db: DynamoDBDocumentClient, settings: ReturnType<typeof loadSettings>): Promise<unknown> => {
  const concerts = new DynamoConcertRepository(db, settings.tableName);
  const rooms = new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock);
  if (command.kind === 'create-concert') {
    const { concert, dates } = await createConcert({ concerts, ids: uuidGenerator })(command.concert);
    return { concertId: concert.concertId, dates: dates.map(({ date }) => date) };
  }
  if (command.kind === 'stats') {
    return saleStats({ concerts, seats: new DynamoSeatRepository(db, settings.tableName), rooms, clock: systemClock, policy: settings })(command.concertId);
  }
  const admit = admitWaiting({
    line: new DynamoWaitingLine(db, settings.tableName, settings.queueShards),
    rooms,
    tokens: new DynamoQueueTokenRepository(db, settings.tableName, settings.queueShards),
    policy: settings,
  });
  const concert = await changeSale({ concerts, admit, open: dynamoOpenSale(db, settings), clock: systemClock })(command.sale);
  return saleView(concert, settings.maxActiveTokens, systemClock.now());
};

const describeFailure = (error: unknown, endpoint: string, tableName: string): string => {
  if (error instanceof ServiceUnavailableError) return `could not reach DynamoDB at ${endpoint}: is the local server (npm start) running?`;
  if (error instanceof ResourceNotFoundException) return `table "${tableName}" does not exist at ${endpoint}: start the local server (npm start) once to create it`;
  if (error instanceof DomainError) return error.message;
  return `failed: ${(error as Error).message}`;
};
