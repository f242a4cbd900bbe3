import { adminUsage, parseAdminArgs, runAdmin, UsageError, usageOf } from '../../../local/admin-cli';

const valid = ['create-concert', '--title', 'Winter Live', '--venue', 'Olympic Hall', '--dates', '2026-12-24,2026-12-25', '--seats', '50', '--price', '50000'];

const without = (flag: string): string[] => {
  const index = valid.indexOf(flag);
  return [...valid.slice(0, index), ...valid.slice(index + 2)];
};

describe('parseAdminArgs', () => {
  it('parses create-concert into the use case command', () => {
    expect(parseAdminArgs(valid)).toEqual({
      kind: 'create-concert',
      concert: { title: 'Winter Live', venue: 'Olympic Hall', dates: ['2026-12-24', '2026-12-25'], seatsPerDate: 50, price: 50_000 },
    });
  });

  it('accepts --name=value and trims spaces around dates', () => {
    const parsed = parseAdminArgs(['create-concert', '--title=T', '--venue=V', '--dates= 2026-12-24 , 2026-12-25', '--seats=1', '--price=0']);
    expect(parsed).toEqual({
      kind: 'create-concert',
      concert: { title: 'T', venue: 'V', dates: ['2026-12-24', '2026-12-25'], seatsPerDate: 1, price: 0 },
    });
  });

  it('parses --grades into seat grades that replace --price, with --seats optional', () => {
    const parsed = parseAdminArgs([...without('--price'), '--grades', 'VIP:1-10:150000, R:11-50:90000']);
    expect(parsed).toEqual({
      kind: 'create-concert',
      concert: {
        title: 'Winter Live',
        venue: 'Olympic Hall',
        dates: ['2026-12-24', '2026-12-25'],
        seatsPerDate: 50,
        grades: [
          { grade: 'VIP', firstSeatNo: 1, lastSeatNo: 10, price: 150_000 },
          { grade: 'R', firstSeatNo: 11, lastSeatNo: 50, price: 90_000 },
        ],
      },
    });
    const withoutSeats = without('--price').filter((arg, index, args) => arg !== '--seats' && args[index - 1] !== '--seats');
    expect(parseAdminArgs([...withoutSeats, '--grades', 'VIP:1-10:150000'])).toMatchObject({ concert: { grades: [{ grade: 'VIP' }] } });
  });

  it('refuses --grades with --price, and a grade that is not NAME:FIRST-LAST:PRICE', () => {
    expect(() => parseAdminArgs([...valid, '--grades', 'VIP:1-10:150000'])).toThrow(/replaces --price/);
    expect(() => parseAdminArgs([...without('--price'), '--grades', 'VIP:1-10'])).toThrow(/NAME:FIRST-LAST:PRICE/);
  });

  it('answers help for --help and -h, for the CLI and for each command', () => {
    expect(parseAdminArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseAdminArgs(['help'])).toEqual({ kind: 'help' });
    expect(parseAdminArgs(['create-concert', '-h'])).toEqual({ kind: 'help', command: 'create-concert' });
    expect(parseAdminArgs(['concerts', '--help'])).toEqual({ kind: 'help', command: 'concerts' });
    expect(parseAdminArgs(['help', 'concerts'])).toEqual({ kind: 'help', command: 'concerts' });
  });

  it('parses concerts, with --json', () => {
    expect(parseAdminArgs(['concerts'])).toEqual({ kind: 'concerts', json: false });
    expect(parseAdminArgs(['concerts', '--json'])).toEqual({ kind: 'concerts', json: true });
  });

  it.each(['--title', '--venue', '--dates', '--seats'])('requires %s', (flag) => {
    expect(() => parseAdminArgs(without(flag))).toThrow(new UsageError(`${flag} is required`));
  });

  it('requires --price or --grades, and names both in the message and the usage line', () => {
    expect(() => parseAdminArgs(without('--price'))).toThrow(new UsageError('--price (or --grades) is required'));
    expect(usageOf('create-concert')).toContain('--seats <per date> (--price <won> | --grades <grades>)');
  });

  it('rejects an empty value', () => {
    expect(() => parseAdminArgs([...without('--title'), '--title', ' '])).toThrow(new UsageError('--title is required'));
  });

  it.each([
    ['--seats', '12.5'],
    ['--seats', '-3'],
    ['--price', '5e4'],
    ['--price', 'free'],
  ])('rejects %s %s as not a whole number', (flag, value) => {
    expect(() => parseAdminArgs([...without(flag), `${flag}=${value}`])).toThrow(UsageError);
  });

  it('parses the sale opening and room size of create-concert', () => {
    expect(parseAdminArgs([...valid, '--sale-opens-at', '2026-12-01T10:00:00+09:00', '--max-active', '300'])).toMatchObject({
      concert: { saleOpensAtMs: Date.UTC(2026, 11, 1, 1), maxActive: 300 },
    });
  });

  it.each(['2026-12-01', '2026-12-01T10:00:00', 'tomorrow', '2026-13-01T10:00:00Z'])('rejects --sale-opens-at %s (an ISO time with a zone is needed)', (value) => {
    expect(() => parseAdminArgs([...valid, '--sale-opens-at', value])).toThrow(/--sale-opens-at must be an ISO-8601 time/);
  });

  it('parses sale with any of its changes', () => {
    expect(parseAdminArgs(['sale', '--concert', 'c1', '--opens-at', '2026-12-01T01:00:00Z', '--max-active', '50', '--pause'])).toEqual({
      kind: 'sale',
      sale: { concertId: 'c1', saleOpensAtMs: Date.UTC(2026, 11, 1, 1), maxActive: 50, paused: true },
    });
    expect(parseAdminArgs(['sale', '--concert', 'c1', '--resume'])).toEqual({ kind: 'sale', sale: { concertId: 'c1', paused: false } });
  });

  it('refuses a sale command without a change, or with both --pause and --resume', () => {
    expect(() => parseAdminArgs(['sale', '--concert', 'c1'])).toThrow(/at least one of --opens-at/);
    expect(() => parseAdminArgs(['sale', '--concert', 'c1', '--pause', '--resume'])).toThrow(/exclude each other/);
    expect(() => parseAdminArgs(['sale', '--pause'])).toThrow(new UsageError('--concert is required'));
  });

  it('parses stats, and refuses options of another command', () => {
    expect(parseAdminArgs(['stats', '--concert', 'c1'])).toEqual({ kind: 'stats', concertId: 'c1' });
    expect(() => parseAdminArgs(['stats', '--concert', 'c1', '--pause'])).toThrow(new UsageError('stats does not take --pause'));
    expect(() => parseAdminArgs([...valid, '--concert', 'c1'])).toThrow(new UsageError('create-concert does not take --concert'));
  });

  it('requires a command and knows only its commands', () => {
    expect(() => parseAdminArgs([])).toThrow(new UsageError('a command is required'));
    expect(() => parseAdminArgs(['delete-concert'])).toThrow(new UsageError('unknown command "delete-concert" (commands: concerts, create-concert, sale, stats)'));
    expect(() => parseAdminArgs([...valid, 'extra'])).toThrow(new UsageError('unexpected argument "extra"'));
  });

  it('rejects unknown options and options without a value', () => {
    expect(() => parseAdminArgs([...valid, '--colour', 'red'])).toThrow(UsageError);
    expect(() => parseAdminArgs([...without('--price'), '--price'])).toThrow(UsageError);
  });
});

describe('admin usage', () => {
  it('lists every command with its summary', () => {
    expect(adminUsage).toContain('  concerts        list concerts with their ids, sale status and dates');
    expect(adminUsage).toContain('  sale            ');
    expect(adminUsage).toContain('  stats           ');
    expect(adminUsage).toContain('  create-concert  create a concert, its dates and every seat');
  });

  it.each(['concerts', 'create-concert', 'sale', 'stats'] as const)('explains %s on its own', (command) => {
    expect(usageOf(command)).toMatch(new RegExp(`^usage: npm run admin -- ${command}`));
    expect(usageOf(command)).toContain('environment: TABLE_NAME');
  });
});

describe('runAdmin refusals that need no table', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await runAdmin(args, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' }, { out: (text) => out.push(text), err: (text) => err.push(text) }, Date.parse('2026-11-30T12:00:00Z'));
    return { exitCode, out: out.join(''), err: err.join('') };
  };

  it('refuses a date that has passed, before touching the table', async () => {
    const result = await run(['create-concert', '--title', 'T', '--venue', 'V', '--dates', '2020-01-01,2026-12-24', '--seats', '5', '--price', '1']);
    expect(result).toEqual({ exitCode: 1, out: '', err: 'admin: --dates 2020-01-01 has passed (today is 2026-11-30 UTC): concert dates must be today or later\n' });
  });

  it('prints the usage of the command whose arguments are wrong', async () => {
    const result = await run(['concerts', '--colour']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('usage: npm run admin -- concerts [--json]');
  });

  it('refuses a bad setting in the environment with one line naming the variable, no stack trace', async () => {
    const err: string[] = [];
    const exitCode = await runAdmin(['concerts'], { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', MAX_ACTIVE_TOKENS: 'abc' }, { out: () => undefined, err: (text) => err.push(text) });
    expect(exitCode).toBe(1);
    expect(err.join('')).toBe('admin: MAX_ACTIVE_TOKENS must be a positive integer, got "abc": set a whole number ≥ 1, or unset it for the default 100\n');
  });

  it('prints help on stdout and exits 0', async () => {
    const result = await run(['create-concert', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.out).toContain('--dates           comma-separated dates, today (UTC) or later');
  });
});
