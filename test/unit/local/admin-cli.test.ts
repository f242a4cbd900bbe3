import { parseAdminArgs, UsageError } from '../../../local/admin-cli';

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

  it('answers help for --help and -h', () => {
    expect(parseAdminArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseAdminArgs(['create-concert', '-h'])).toEqual({ kind: 'help' });
  });

  it.each(['--title', '--venue', '--dates', '--seats', '--price'])('requires %s', (flag) => {
    expect(() => parseAdminArgs(without(flag))).toThrow(new UsageError(`${flag} is required`));
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

  it('requires a command and knows only create-concert', () => {
    expect(() => parseAdminArgs([])).toThrow(new UsageError('a command is required'));
    expect(() => parseAdminArgs(['delete-concert'])).toThrow(new UsageError('unknown command "delete-concert"'));
    expect(() => parseAdminArgs([...valid, 'extra'])).toThrow(new UsageError('unexpected argument "extra"'));
  });

  it('rejects unknown options and options without a value', () => {
    expect(() => parseAdminArgs([...valid, '--colour', 'red'])).toThrow(UsageError);
    expect(() => parseAdminArgs([...without('--price'), '--price'])).toThrow(UsageError);
  });
});
