import type { AdmissionBucket, QueuePolicy, QueueToken } from '../../../lambdas/domain/queue';
import {
  canActivateAtOnce,
  deadlineOf,
  signatureDeadlineOf,
  estimatedWaitSeconds,
  isIdle,
  isLive,
  isWithinReach,
  paceOf,
  paceWindowsMs,
  pollAfterSeconds,
  positionOf,
  shouldMoveExpiryKey,
  slotLimitAtIssue,
  waitingCount,
} from '../../../lambdas/domain/queue';

const policy: QueuePolicy = { maxActiveTokens: 10, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
const t0 = 1_800_000_000_000;

const waiting = (overrides: Partial<QueueToken> = {}): QueueToken => ({
  tokenId: 't',
  userId: 'u',
  concertId: 'c',
  status: 'WAITING',
  shard: 0,
  ticket: 15,
  issuedAtMs: t0,
  lastPolledAtMs: t0,
  expiryKeyMs: t0 + 120_000,
  ...overrides,
});

const active = (overrides: Partial<QueueToken> = {}): QueueToken => ({
  tokenId: 't',
  userId: 'u',
  concertId: 'c',
  status: 'ACTIVE',
  issuedAtMs: t0,
  lastPolledAtMs: t0,
  admittedAtMs: t0 + 5_000,
  ...overrides,
});

describe('positionOf', () => {
  it('is ticket minus served count while waiting', () => {
    expect(positionOf({ status: 'WAITING', ticket: 15 }, 10)).toBe(5);
  });

  it('is never below 1 while waiting, even when admission has passed the ticket', () => {
    expect(positionOf({ status: 'WAITING', ticket: 15 }, 40)).toBe(1);
  });

  it('never exceeds the position already reported, even from a stale served count', () => {
    expect(positionOf({ status: 'WAITING', ticket: 15, lastPosition: 3 }, 10)).toBe(3);
  });

  it('is 0 for an ACTIVE token', () => {
    expect(positionOf({ status: 'ACTIVE', lastPosition: 0 }, 0)).toBe(0);
  });
});

describe('admission pace', () => {
  const now = 1_800_000_005_000; // 5 s into a bucket
  const current = Math.floor(now / 10_000);

  /** The admission buckets a room writes for admissions from the line at these instants (ms). */
  const bucketsOf = (times: readonly number[]): AdmissionBucket[] => {
    const byBucket = new Map<number, number[]>();
    for (const time of times) byBucket.set(Math.floor(time / 10_000), [...(byBucket.get(Math.floor(time / 10_000)) ?? []), time]);
    return [...byBucket].map(([bucket, at]) => ({
      bucket,
      admitted: at.length,
      fromLine: at.length,
      firstLineAtMs: at[0]!,
      fromLineBySecond: Array.from({ length: 10 }, (_, second) => at.filter((time) => Math.floor((time % 10_000) / 1000) === second).length),
    }));
  };
  /** One admission every `everyMs` from `fromMs` up to (not after) `toMs`. */
  const evenly = (fromMs: number, toMs: number, everyMs: number): number[] =>
    Array.from({ length: Math.floor((toMs - fromMs) / everyMs) + 1 }, (_, index) => fromMs + index * everyMs);
  const paceAt = (times: readonly number[], atMs: number) => paceOf(bucketsOf(times.filter((time) => time <= atMs)), atMs);
  /** The rate over the last `windowMs` (since the line started moving, when that is later); undefined without admissions. */
  const rateAt = (times: readonly number[], atMs: number, windowMs = 5_000): number | undefined =>
    paceAt(times, atMs)
      .lineRates?.filter((rate) => rate.overMs <= windowMs)
      .at(-1)?.perSecond;
  const estimateAt = (times: readonly number[], atMs: number, position: number): number | null => estimatedWaitSeconds(position, paceAt(times, atMs));

  it('counts every admission of the buckets overlapping the last minute (the current one and the five before it)', () => {
    const buckets = [
      { bucket: current - 6, admitted: 100, fromLine: 100 },
      { bucket: current - 5, admitted: 3, fromLine: 1 },
      { bucket: current, admitted: 2, fromLine: 2 },
    ];
    expect(paceOf(buckets, now).admittedLastMinute).toBe(5);
  });

  it('measures a steady fast room to within a few per cent over every window, from 5 s to five minutes', () => {
    const times = evenly(now - 400_000, now + 60_000, 50); // 20 per second
    for (let atMs = now; atMs < now + 60_000; atMs += 1_300) {
      const rates = paceAt(times, atMs).lineRates!;
      expect(rates.map((rate) => rate.overMs)).toEqual([...paceWindowsMs]);
      for (const rate of rates) {
        expect(rate.perSecond).toBeGreaterThan(19);
        expect(rate.perSecond).toBeLessThan(21);
      }
    }
  });

  it('foretells a wait from a window at least as long as the wait, so a burst in the last seconds does not shorten a long wait', () => {
    // A line that admits 5 a second, then a burst of 100 in the last 2 s (fans admitted while away come back together).
    const times = [...evenly(now - 120_000, now - 2_001, 200), ...evenly(now - 2_000, now, 20)];
    expect(estimateAt(times, now, 10)).toBeLessThanOrEqual(2); // near the head: the burst's pace, 50 a second
    const farBack = estimateAt(times, now, 500)!; // 500 places at ~5 a second: the last 80–160 s
    expect(farBack).toBeGreaterThan(80);
    expect(farBack).toBeLessThan(110);
  });

  it('follows a room that speeds up at once near the head, and as far back as the speed-up has lasted', () => {
    // Buyers turn slots over slowly (one admission every 2 s for two minutes), then the sale sells out and fans
    // leave at once: 25 admissions per second.
    const speedUpAt = now;
    const times = [...evenly(speedUpAt - 120_000, speedUpAt - 1, 2_000), ...evenly(speedUpAt, speedUpAt + 60_000, 40)];
    expect(rateAt(times, speedUpAt - 1, 300_000)).toBeCloseTo(0.5, 1);
    expect(estimateAt(times, speedUpAt + 6_000, 100)).toBe(4); // 100 places at 25 a second
    expect(estimateAt(times, speedUpAt + 10_000, 200)).toBeLessThanOrEqual(10); // the last 10 s, at most a few seconds long
    expect(estimateAt(times, speedUpAt + 30_000, 500)).toBe(20); // the last 20 s, all of them fast
  });

  it('keeps a slow room\'s estimate steady between polls a few seconds apart, and known', () => {
    // One admission every 20–30 s for ten minutes; a waiter 10 places back polls every 3 s over the last three.
    const gaps = [23_000, 27_000, 20_000, 30_000, 25_000, 22_000, 28_000];
    const times: number[] = [];
    for (let at = now - 600_000, index = 0; at <= now + 180_000; at += gaps[index % gaps.length]!, index += 1) times.push(at);
    let previous: number | undefined;
    for (let atMs = now; atMs <= now + 180_000; atMs += 3_000) {
      const estimate = estimateAt(times, atMs, 10);
      expect(estimate).not.toBeNull();
      expect(estimate!).toBeGreaterThan(250 * 0.7);
      expect(estimate!).toBeLessThan(250 * 1.3);
      if (previous !== undefined) expect(Math.abs(estimate! - previous) / previous).toBeLessThanOrEqual(0.3);
      previous = estimate!;
    }
  });

  it('does not foretell a wait from a window with fewer than ten admissions', () => {
    // One admission every 4 s: the last 5 and 10 s hold one to three, the last 40 s ten.
    const times = evenly(now - 300_000, now, 4_000);
    expect(estimateAt(times, now, 1)).toBe(4);
  });

  it('counts the time since the last admission as a line standing still, so the rate falls when the line stops', () => {
    const times = evenly(now - 60_000, now - 30_000, 1_000); // one per second, then nothing for 30 s
    expect(rateAt(times, now - 30_500, 20_000)).toBeCloseTo(1, 1);
    // 31 admissions in the 60 s since the line started: half the rate it had while it moved.
    expect(rateAt(times, now, 300_000)).toBeCloseTo(0.5, 1);
    expect(rateAt(times, now + 60_000, 300_000)).toBeCloseTo(0.25, 1);
    expect(rateAt(times, now, 20_000)).toBeUndefined();
  });

  it('places the admissions of a bucket without their times evenly over it', () => {
    const steady = [5, 4, 3, 2, 1].map((age) => ({ bucket: current - age, admitted: 10, fromLine: 10 }));
    const rates = paceOf([...steady, { bucket: current, admitted: 5, fromLine: 5 }], now).lineRates!;
    for (const rate of rates) expect(rate.perSecond).toBeCloseTo(1, 1);
  });

  it('tells no rate from a single admission, however long ago: a rate needs the time between two', () => {
    expect(paceOf(bucketsOf([now - 11_000]), now)).toEqual({ admittedLastMinute: 1 });
    expect(rateAt([now - 20_000], now, 300_000)).toBeUndefined();
    expect(rateAt([now - 20_000, now - 2_000], now, 300_000)).toBeCloseTo(1 / 20);
  });

  it('tells no rate before the line has been seen moving for 10 s', () => {
    expect(paceOf(bucketsOf(evenly(now - 9_000, now, 100)), now)).toEqual({ admittedLastMinute: 91 });
    expect(rateAt(evenly(now - 10_000, now, 100), now)).toBeCloseTo(10, 0);
  });

  it('forgets admissions older than five minutes', () => {
    expect(paceAt(evenly(now - 400_000, now - 301_000, 1_000), now).lineRates).toBeUndefined();
  });

  it('knows no line rate while only issues were admitted at once', () => {
    expect(paceOf([{ bucket: current, admitted: 50, fromLine: 0 }], now)).toEqual({ admittedLastMinute: 50 });
  });
});

describe('estimatedWaitSeconds', () => {
  /** A pace whose rate is the same over every window (each holding enough admissions). */
  const steady = (perSecond: number) => ({
    admittedLastMinute: perSecond * 60,
    lineRates: paceWindowsMs.map((overMs) => ({ overMs, admissions: Math.max(10, perSecond * (overMs / 1000)), perSecond })),
  });

  it('is 0 when ACTIVE', () => {
    expect(estimatedWaitSeconds(0, undefined)).toBe(0);
  });

  it('is null while the room has no observed admission rate', () => {
    expect(estimatedWaitSeconds(5, { admittedLastMinute: 0 })).toBeNull();
  });

  it('divides the position by the observed rate, rounded to the nearest second', () => {
    expect(estimatedWaitSeconds(10, steady(2))).toBe(5);
    expect(estimatedWaitSeconds(11, steady(2))).toBe(6);
    expect(estimatedWaitSeconds(13, steady(3))).toBe(4);
    expect(estimatedWaitSeconds(20, steady(6))).toBe(3);
  });

  it('takes the rate of the shortest window at least as long as the wait it gives', () => {
    const pace = {
      admittedLastMinute: 600,
      lineRates: [
        { overMs: 5_000, admissions: 100, perSecond: 20 },
        { overMs: 10_000, admissions: 110, perSecond: 11 },
        { overMs: 20_000, admissions: 130, perSecond: 6.5 },
      ],
    };
    expect(estimatedWaitSeconds(50, pace)).toBe(3); // 2.5 s at 20 a second fits in 5 s
    expect(estimatedWaitSeconds(110, pace)).toBe(10); // 5.5 s at 20 does not fit in 5 s; 10 s at 11 fits in 10 s
    expect(estimatedWaitSeconds(1_000, pace)).toBe(154); // fits in none: the longest
  });

  it('counts the wait from when the position was read, less the time since', () => {
    expect(estimatedWaitSeconds(100, steady(10), 0)).toBe(10);
    expect(estimatedWaitSeconds(100, steady(10), 800)).toBe(9);
    expect(estimatedWaitSeconds(100, steady(10), 2_600)).toBe(7);
  });

  it('is at least 1 s for a waiter, however fast the line or old the position', () => {
    expect(estimatedWaitSeconds(1, steady(100))).toBe(1);
    expect(estimatedWaitSeconds(20, steady(10), 5_000)).toBe(1);
  });
});

describe('pollAfterSeconds', () => {
  it('comes a fifth of the estimate early, at most 5 s, at least 1 s after now and at most a third of the idle window', () => {
    expect(pollAfterSeconds(3, 7, policy)).toBe(5);
    expect(pollAfterSeconds(3, 10, policy)).toBe(8);
    expect(pollAfterSeconds(9, 30, policy)).toBe(25);
    expect(pollAfterSeconds(3, 2, policy)).toBe(1);
    expect(pollAfterSeconds(3, 0, policy)).toBe(1);
    expect(pollAfterSeconds(300, 900, policy)).toBe(40);
  });

  it('never shrinks as the estimate grows', () => {
    const paces = Array.from({ length: 200 }, (_, estimate) => pollAfterSeconds(1 + estimate, estimate, policy));
    expect(paces).toEqual([...paces].sort((a, b) => a - b));
  });

  it('grows with the position while the pace is unknown', () => {
    expect(pollAfterSeconds(1, null, policy)).toBe(1);
    expect(pollAfterSeconds(12, null, policy)).toBe(12);
    expect(pollAfterSeconds(500, null, policy)).toBe(40);
  });

  it('is a third of the idle window when ACTIVE or without a place, and never 0', () => {
    expect(pollAfterSeconds(0, 0, policy)).toBe(40);
    expect(pollAfterSeconds(null, null, policy)).toBe(40);
    expect(pollAfterSeconds(5, null, { waitingTokenIdleSeconds: 2 })).toBe(1);
  });
});

describe('room counters', () => {
  it('counts waiting as issued minus served minus gone, never negative', () => {
    expect(waitingCount({ activeCount: 3, servedCount: 4, issued: 10, gone: 2 })).toBe(4);
    expect(waitingCount({ activeCount: 3, servedCount: 9, issued: 10, gone: 2 })).toBe(0);
  });

  it('activates at once only with a free slot for the newcomer and for everyone waiting', () => {
    const room = { maxActive: 10, paused: false };
    expect(canActivateAtOnce({ activeCount: 9, servedCount: 0, issued: 0, gone: 0 }, room)).toBe(true);
    expect(canActivateAtOnce({ activeCount: 10, servedCount: 0, issued: 0, gone: 0 }, room)).toBe(false);
    // Two waiting: the newcomer leaves them two of the three free slots.
    expect(canActivateAtOnce({ activeCount: 7, servedCount: 0, issued: 2, gone: 0 }, room)).toBe(true);
    expect(canActivateAtOnce({ activeCount: 8, servedCount: 0, issued: 2, gone: 0 }, room)).toBe(false);
    expect(canActivateAtOnce({ activeCount: 8, servedCount: 1, issued: 2, gone: 1 }, room)).toBe(true);
    expect(slotLimitAtIssue({ activeCount: 0, servedCount: 0, issued: 2, gone: 0 }, 10)).toBe(8);
    expect(canActivateAtOnce({ activeCount: 0, servedCount: 0, issued: 0, gone: 0 }, { ...room, paused: true })).toBe(false);
  });
});

describe('isWithinReach', () => {
  const open = { maxActive: 10, paused: false };

  it('reaches a waiter whose position is within the free slots', () => {
    expect(isWithinReach(1, { activeCount: 9 }, open)).toBe(true);
    expect(isWithinReach(3, { activeCount: 7 }, open)).toBe(true);
    expect(isWithinReach(10, { activeCount: 0 }, open)).toBe(true);
  });

  it('does not reach a waiter with more people ahead than free slots', () => {
    expect(isWithinReach(4, { activeCount: 7 }, open)).toBe(false);
    expect(isWithinReach(1, { activeCount: 10 }, open)).toBe(false);
    // A room shrunk below its ACTIVE count has no free slot at all.
    expect(isWithinReach(1, { activeCount: 12 }, open)).toBe(false);
  });

  it('reaches nobody in a paused room, nor a token without a place in line', () => {
    expect(isWithinReach(1, { activeCount: 0 }, { ...open, paused: true })).toBe(false);
    expect(isWithinReach(0, { activeCount: 0 }, open)).toBe(false);
  });
});

describe('token liveness', () => {
  it('gives a WAITING token the idle deadline counted from its last poll', () => {
    expect(deadlineOf(waiting({ lastPolledAtMs: t0 + 50_000 }), policy)).toBe(t0 + 170_000);
  });

  it('gives an ACTIVE token its lifetime counted from admission', () => {
    expect(deadlineOf(active(), policy)).toBe(t0 + 605_000);
  });

  it('treats a WAITING token not polled within the idle window as idle and dead', () => {
    const token = waiting();
    expect(isIdle(token, t0 + 119_999, policy)).toBe(false);
    expect(isLive(token, t0 + 119_999, policy)).toBe(true);
    expect(isIdle(token, t0 + 120_000, policy)).toBe(true);
    expect(isLive(token, t0 + 120_000, policy)).toBe(false);
  });

  it('treats an ACTIVE token past its lifetime as dead although no job recorded it', () => {
    expect(isLive(active(), t0 + 604_999, policy)).toBe(true);
    expect(isLive(active(), t0 + 605_000, policy)).toBe(false);
  });

  it('never treats an ACTIVE token as idle', () => {
    expect(isIdle(active(), t0 + 10 ** 9, policy)).toBe(false);
  });

  it.each(['EXPIRED', 'LEFT', 'PAID'] as const)('treats a %s token as dead', (status) => {
    expect(isLive(waiting({ status }), t0, policy)).toBe(false);
    expect(deadlineOf(waiting({ status }), policy)).toBeUndefined();
  });
});

describe('signatureDeadlineOf', () => {
  it('ends an ACTIVE token\'s JWT at the token\'s deadline', () => {
    expect(signatureDeadlineOf({ status: 'ACTIVE', expiresAtMs: t0 + 600_000 }, policy)).toBe(t0 + 600_000);
  });

  it('ends a WAITING token\'s JWT one ACTIVE lifetime after its idle deadline: the latest it can live without another request', () => {
    expect(signatureDeadlineOf({ status: 'WAITING', expiresAtMs: t0 + 120_000 }, policy)).toBe(t0 + 720_000);
  });
});

describe('shouldMoveExpiryKey', () => {
  it('leaves the key alone while it is more than half an idle window away', () => {
    expect(shouldMoveExpiryKey(waiting(), t0 + 59_000, policy)).toBe(false);
  });

  it('moves the key once it is within half an idle window', () => {
    expect(shouldMoveExpiryKey(waiting(), t0 + 61_000, policy)).toBe(true);
  });

  it('never moves the key of an ACTIVE token', () => {
    expect(shouldMoveExpiryKey(active({ expiryKeyMs: t0 }), t0 + 1, policy)).toBe(false);
  });
});
