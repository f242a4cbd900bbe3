import { reuseRecentResults } from '../../../lambdas/adapters/recent-results';

describe('reuseRecentResults', () => {
  let now = 0;
  const clock = { now: () => now };
  const counting = () => {
    const calls: string[] = [];
    const load = async (key: string) => {
      calls.push(key);
      if (key === 'bad') throw new Error('unreachable');
      return `${key}@${now}`;
    };
    return { calls, load };
  };

  beforeEach(() => {
    now = 1_000;
  });

  it('answers repeated reads of a key within the window from one load', async () => {
    const { calls, load } = counting();
    const read = reuseRecentResults(1000, clock, load);
    expect(await read('c1')).toBe('c1@1000');
    now += 999;
    expect(await read('c1')).toBe('c1@1000');
    expect(calls).toEqual(['c1']);
  });

  it('loads again once the window has passed, and keeps keys apart', async () => {
    const { calls, load } = counting();
    const read = reuseRecentResults(1000, clock, load);
    await read('c1');
    await read('c2');
    now += 1000;
    expect(await read('c1')).toBe('c1@2000');
    expect(calls).toEqual(['c1', 'c2', 'c1']);
  });

  it('shares one load among concurrent readers of the same key', async () => {
    const { calls, load } = counting();
    const read = reuseRecentResults(1000, clock, load);
    await Promise.all([read('c1'), read('c1'), read('c1')]);
    expect(calls).toEqual(['c1']);
  });

  it('does not keep a failure: the next read tries again', async () => {
    const { calls, load } = counting();
    const read = reuseRecentResults(1000, clock, load);
    await expect(read('bad')).rejects.toThrow('unreachable');
    await expect(read('bad')).rejects.toThrow('unreachable');
    expect(calls).toEqual(['bad', 'bad']);
  });
});
