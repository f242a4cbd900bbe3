import { thinkDelayMs, utilisationOverTime } from '../../../../bench/scenarios/flash-sale';

describe('utilisationOverTime', () => {
  it('weights each reading by the time until the next, so a burst of readings counts no more than its time', () => {
    const readings = [
      { atMs: 0, active: 100, waiting: 5 },
      // Nine seconds full, then one second at 20 read ten times: 0.9 × 100% + 0.1 × 20% = 92%, not the mean of readings.
      ...Array.from({ length: 10 }, (_, index) => ({ atMs: 9_000 + index * 100, active: 20, waiting: 5 })),
      { atMs: 10_000, active: 20, waiting: 5 },
    ];
    expect(utilisationOverTime(readings, 100)).toBeCloseTo(0.92, 6);
  });

  it('counts only the time anyone waited, and never more than maxActive', () => {
    const readings = [
      { atMs: 0, active: 120, waiting: 1 },
      { atMs: 1_000, active: 10, waiting: 0 },
      { atMs: 5_000, active: 50, waiting: 2 },
      { atMs: 6_000, active: 0, waiting: 0 },
    ];
    expect(utilisationOverTime(readings, 100)).toBeCloseTo(0.75, 6);
  });

  it('is 0 when nobody waited', () => {
    expect(utilisationOverTime([{ atMs: 0, active: 3, waiting: 0 }], 100)).toBe(0);
  });
});

describe('thinkDelayMs', () => {
  it('pauses between a third of the think time and all of it, spread over that range', () => {
    const delays = Array.from({ length: 1000 }, () => thinkDelayMs(6));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(6000);
    expect(delays.some((delay) => delay < 3000)).toBe(true);
    expect(delays.some((delay) => delay > 5000)).toBe(true);
  });

  it('does not pause when the think time is 0', () => {
    expect(thinkDelayMs(0)).toBe(0);
  });
});
