import { parseArgs } from 'node:util';
import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoSeatRepository } from '../lambdas/adapters/dynamodb/seat-repository';
import { systemClock, uuidGenerator } from '../lambdas/adapters/system';
import { ConfigurationError, loadSettings } from '../lambdas/config';
import { isCalendarDate, isOpenForBooking, utcDate } from '../lambdas/domain/calendar';
import type { Concert } from '../lambdas/domain/concert';
import { DomainError, ServiceUnavailableError } from '../lambdas/domain/errors';
import { maxActiveOf, saleStatusOf } from '../lambdas/domain/sale';
import type { ConcertOverview } from '../lambdas/use-cases/concerts/concert-overview';
import { concertOverview } from '../lambdas/use-cases/concerts/concert-overview';
import type { SeatGrade } from '../lambdas/domain/concert';
import type { CreateConcertCommand } from '../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../lambdas/use-cases/concerts/create-concert';
import type { ChangeSaleCommand } from '../lambdas/use-cases/sale/change-sale';
import { changeSale } from '../lambdas/use-cases/sale/change-sale';
import { saleStats } from '../lambdas/use-cases/sale/sale-stats';
import { describeConcert } from './startup-report';

const environmentHelp =
  'environment: TABLE_NAME (default concert-reservations), DYNAMODB_ENDPOINT (default http://127.0.0.1:$DYNAMODB_PORT, DYNAMODB_PORT default 8000);\n' +
  '             MAX_ACTIVE_TOKENS and QUEUE_SHARDS: give the server\'s values; they only change what sale and stats print (the maxActive of a\n' +
  '             concert without its own size, the waiting count). The server admits and draws with its own settings.';

/** Every command: its one-line summary, what `<command> --help` prints, and the options it accepts. */
const commands = {
  concerts: {
    summary: 'list concerts with their ids, sale status and dates',
    usage: [
      'usage: npm run admin -- concerts [--json]',
      '',
      'Lists every concert, one line each: id, sale status (UPCOMING, ON_SALE, PAUSED, ENDED), title @ venue, dates.',
      '  --json   print a JSON array of { concertId, title, venue, status, dates } instead',
    ],
    options: ['json'],
  },
  'create-concert': {
    summary: 'create a concert, its dates and every seat',
    usage: [
      'usage: npm run admin -- create-concert --title <title> --venue <venue> --dates <YYYY-MM-DD,...> --seats <per date> (--price <won> | --grades <grades>)',
      '                        [--sale-opens-at <ISO time>] [--max-active <n>]',
      '',
      'Creates the concert, its dates and seats 1..N of each date, all AVAILABLE; prints { "concertId", "dates" } as JSON.',
      '  --title           the concert title',
      '  --venue           the venue',
      '  --dates           comma-separated dates, today (UTC) or later',
      '  --seats           seats per date, 1 to 1000',
      '  --price           price of a seat in won, 0 to 100000000',
      '  --grades          instead of --price: "VIP:1-10:150000,R:11-50:90000" (NAME:FIRST-LAST:WON, from seat 1, no gaps; --seats optional)',
      '  --sale-opens-at   when the waiting room opens (ISO time with a zone); before it, fans pre-queue',
      '  --max-active      ACTIVE tokens at once for this concert (default MAX_ACTIVE_TOKENS)',
      'A concert with the same title, venue and dates gets a warning on stderr (the new one is still created).',
    ],
    options: ['title', 'venue', 'dates', 'seats', 'price', 'grades', 'sale-opens-at', 'max-active'],
  },
  sale: {
    summary: "change a concert's sale: opening time, room size, pause or resume",
    usage: [
      'usage: npm run admin -- sale --concert <id> [--opens-at <ISO time>] [--max-active <n>] [--pause | --resume]',
      '',
      'Changes the sale of a concert and prints the concert as JSON. At least one change is needed.',
      '  --concert      the concert id (npm run admin -- concerts lists them)',
      '  --opens-at     when the waiting room opens (ISO time with a zone); one that has come is drawn by the server at once',
      '  --max-active   ACTIVE tokens at once for this concert (a larger room is filled by the server within 2 s)',
      '  --pause        stop admitting; waiters keep their places',
      '  --resume       admit again: the server fills the free slots within 2 s',
    ],
    options: ['concert', 'opens-at', 'max-active', 'pause', 'resume'],
  },
  stats: {
    summary: "a concert's room and sales counters as JSON",
    usage: [
      'usage: npm run admin -- stats --concert <id>',
      '',
      'Prints { concertId, status, waiting, active, maxActive, admittedLastMinute, sold, held, revenue } as JSON.',
      '  --concert   the concert id (npm run admin -- concerts lists them)',
    ],
    options: ['concert'],
  },
} as const satisfies Record<string, { summary: string; usage: readonly string[]; options: readonly string[] }>;

type CommandName = keyof typeof commands;
const commandNames = Object.keys(commands) as CommandName[];
const isCommandName = (name: string): name is CommandName => Object.hasOwn(commands, name);

export const adminUsage = [
  'usage: npm run admin -- <command> [options]',
  '',
  'commands:',
  ...commandNames.map((name) => `  ${name.padEnd(15)} ${commands[name].summary}`),
  '',
  'npm run admin -- <command> --help shows what a command takes.',
  environmentHelp,
].join('\n');

/** The usage text of one command, or of the CLI as a whole. */
export const usageOf = (command?: CommandName): string => (command ? [...commands[command].usage, environmentHelp].join('\n') : adminUsage);

/** Bad or missing command-line arguments; the message says which, `command` whose usage to show with it. */
export class UsageError extends Error {
  public constructor(
    message: string,
    public readonly command?: CommandName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type AdminCommand =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'concerts'; readonly json: boolean }
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

const gradePattern = /^([^:]+):(\d+)-(\d+):(\d+)$/;

/** `VIP:1-10:150000,R:11-50:90000` → grades; the use case checks names, ranges and prices. */
export const parseGrades = (raw: string): SeatGrade[] =>
  raw.split(',').map((part) => {
    const match = gradePattern.exec(part.trim());
    if (!match) throw new UsageError(`--grades: "${part.trim()}" must look like NAME:FIRST-LAST:PRICE, e.g. VIP:1-10:150000`);
    const [, grade, first, last, price] = match as unknown as [string, string, string, string, string];
    return { grade: grade.trim(), firstSeatNo: Number(first), lastSeatNo: Number(last), price: Number(price) };
  });

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

/** Seats and prices: `--seats` and `--price`, or `--grades` (then `--seats` is optional). */
const seatingOf = (values: ParsedValues) => {
  if (values.grades === undefined) {
    if (values.price === undefined) throw new UsageError('--price (or --grades) is required');
    return { seatsPerDate: wholeNumber('seats', required(values, 'seats')), price: wholeNumber('price', required(values, 'price')) };
  }
  if (values.price !== undefined) throw new UsageError('--grades replaces --price: give one of them');
  const seats = values.seats === undefined ? {} : { seatsPerDate: wholeNumber('seats', required(values, 'seats')) };
  return { ...seats, grades: parseGrades(required(values, 'grades')) };
};

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
      ...seatingOf(values),
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

/** Parses the arguments after `npm run admin --`. Ranges and date validity are checked by the use case. */
export const parseAdminArgs = (args: readonly string[]): AdminCommand => {
  const [first, ...rest] = args;
  if (first === 'help') {
    const topic = rest[0];
    return topic !== undefined && isCommandName(topic) ? { kind: 'help', command: topic } : { kind: 'help' };
  }
  const named = first !== undefined && isCommandName(first) ? first : undefined;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message, named);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help) return command !== undefined && isCommandName(command) ? { kind: 'help', command } : { kind: 'help' };
  if (command === undefined) throw new UsageError('a command is required');
  if (!isCommandName(command)) throw new UsageError(`unknown command "${command}" (commands: ${commandNames.join(', ')})`);
  try {
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const accepted: readonly string[] = commands[command].options;
    const foreign = Object.keys(values).find((name) => !accepted.includes(name));
    if (foreign !== undefined) throw new UsageError(`${command} does not take --${foreign}`);
    if (command === 'concerts') return { kind: 'concerts', json: values.json === true };
    if (command === 'sale') return saleCommand(values);
    if (command === 'stats') return { kind: 'stats', concertId: required(values, 'concert') };
    return createConcertCommand(values);
  } catch (error) {
    // The usage shown with the message is the command's own.
    throw error instanceof UsageError && error.command === undefined ? new UsageError(error.message, command) : error;
  }
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
      json: { type: 'boolean' },
      grades: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

export interface AdminIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A date no fan could book any more is an operator's typo, not a concert: refused before anything is written. */
const passedDates = (dates: readonly string[], nowMs: number): string[] => dates.filter((date) => isCalendarDate(date) && !isOpenForBooking(date, nowMs));

const sameConcert = (existing: ConcertOverview, command: CreateConcertCommand): boolean => {
  const normalize = (text: string) => text.trim().toLowerCase();
  return (
    normalize(existing.concert.title) === normalize(command.title) &&
    normalize(existing.concert.venue) === normalize(command.venue) &&
    existing.dates.join(',') === [...new Set(command.dates)].sort().join(',')
  );
};

/** Runs the admin CLI; resolves to the process exit code. */
export const runAdmin = async (args: readonly string[], env: NodeJS.ProcessEnv, io: AdminIo, nowMs: number = Date.now()): Promise<number> => {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`admin: ${error.message}\n${usageOf(error.command)}\n`);
    return 1;
  }
  if (command.kind === 'help') {
    io.out(`${usageOf(command.command)}\n`);
    return 0;
  }
  if (command.kind === 'create-concert') {
    const passed = passedDates(command.concert.dates, nowMs);
    if (passed.length > 0) {
      io.err(`admin: --dates ${passed.join(', ')} ${passed.length === 1 ? 'has' : 'have'} passed (today is ${utcDate(nowMs)} UTC): concert dates must be today or later\n`);
      return 1;
    }
  }

  const endpoint = env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${env.DYNAMODB_PORT || 8000}`;
  let settings: ReturnType<typeof loadSettings>;
  try {
    settings = loadSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    io.err(`admin: ${error.message}\n`);
    return 1;
  }
  const tableName = settings.tableName;
  const db = createDocumentClient({ endpoint });
  try {
    if (command.kind === 'concerts') {
      const listed = await concertOverview({ concerts: new DynamoConcertRepository(db, tableName), clock: { now: () => nowMs } })();
      if (command.json) io.out(`${JSON.stringify(listed.map(({ concert, dates, status }) => ({ concertId: concert.concertId, title: concert.title, venue: concert.venue, status, dates })))}\n`);
      else io.out(listed.length === 0 ? 'no concerts yet: npm run admin -- create-concert --help\n' : listed.map((row) => `${describeConcert(row)}\n`).join(''));
      return 0;
    }
    const twins =
      command.kind === 'create-concert'
        ? (await concertOverview({ concerts: new DynamoConcertRepository(db, tableName), clock: { now: () => nowMs } })()).filter((existing) => sameConcert(existing, command.concert))
        : [];
    const result = await execute(command, db, settings);
    for (const twin of twins) {
      io.err(`admin: warning: concert ${twin.concert.concertId} has the same title, venue and dates; created ${(result as { concertId: string }).concertId} as well (npm run admin -- concerts lists both)\n`);
    }
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    io.err(`admin: ${describeFailure(error, endpoint, tableName, !env.DYNAMODB_ENDPOINT)}\n`);
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

const execute = async (command: Exclude<AdminCommand, { kind: 'help' | 'concerts' }>, db: DynamoDBDocumentClient, settings: ReturnType<typeof loadSettings>): Promise<unknown> => {
  const concerts = new DynamoConcertRepository(db, settings.tableName);
  const rooms = new DynamoRoomRepository(db, settings.tableName, settings.queueShards, systemClock);
  if (command.kind === 'create-concert') {
    const { concert, dates } = await createConcert({ concerts, ids: uuidGenerator })(command.concert);
    return { concertId: concert.concertId, dates: dates.map(({ date }) => date) };
  }
  if (command.kind === 'stats') {
    return saleStats({ concerts, seats: new DynamoSeatRepository(db, settings.tableName), rooms, clock: systemClock, policy: settings })(command.concertId);
  }
  const concert = await changeSale({ concerts, clock: systemClock })(command.sale);
  return saleView(concert, settings.maxActiveTokens, systemClock.now());
};

const describeFailure = (error: unknown, endpoint: string, tableName: string, fromPort: boolean): string => {
  if (error instanceof ServiceUnavailableError) {
    // The usual cause locally: a server started with its own DYNAMODB_PORT, and a CLI shell without it.
    const portHint = fromPort ? ' (one started with DYNAMODB_PORT=N needs the same here: DYNAMODB_PORT=N npm run admin -- ...)' : '';
    return `could not reach DynamoDB at ${endpoint}: is the local server (npm start) running${portHint}?`;
  }
  if (error instanceof ResourceNotFoundException) return `table "${tableName}" does not exist at ${endpoint}: start the local server (npm start) once to create it`;
  if (error instanceof DomainError) return error.message;
  return `failed: ${(error as Error).message}`;
};
