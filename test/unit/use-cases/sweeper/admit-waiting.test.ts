import type { QueuePolicy, QueueToken } from '../../../../lambdas/domain/queue';
import type { AdmissionBounds } from '../../../../lambdas/use-cases/sweeper/admit-waiting';
import { admitWaiting } from '../../../../lambdas/use-cases/sweeper/admit-waiting';

describe('admitWaiting', () => {
  const now = 1_800_000_000_000;
  const policy: QueuePolicy = { maxActiveTokens: 5, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
  const waiter = (ticket: number, overrides: Partial<QueueToken> = {}): QueueToken => ({
    tokenId: `t${ticket}`,
    userId: `u${ticket}`,
    concertId: 'c1',
    status: 'WAITING',
    shard: 0,
    ticket,
    issuedAtMs: now - 10_000,
    lastPolledAtMs: now - 1_000,
    ...overrides,
  });

  /** A room of 5 with `active` ACTIVE tokens and the given line; records what was admitted and the page size asked. */
  const setUp = (active: number, line: QueueToken[], clock = { now: () => now }) => {
    const admitted: string[] = [];
    const stamps: { nowMs: number; expiresAtMs: number }[] = [];
    const expired: string[] = [];
    const pageSizes: number[] = [];
    const run = admitWaiting({
      rooms: {
        readRoom: async () => ({ activeCount: active, servedCount: 0, issued: line.length, gone: 0 }),
        readAdmissionSnapshot: async () => ({ room: { activeCount: active, servedCount: 0, issued: line.length, gone: 0 }, sale: {} }),
      },
      line: {
        inOrder: async function* (_concertId, pageSize) {
          pageSizes.push(pageSize);
          yield* line;
        },
      },
      tokens: {
        admit: async (token, admission) => (admitted.push(token.tokenId), stamps.push({ nowMs: admission.nowMs, expiresAtMs: admission.expiresAtMs }), 'admitted'),
        endToken: async (token) => (expired.push(token.tokenId), true),
        moveExpiryKey: async () => true,
      },
      clock,
      policy,
    });
    return { run: (bounds?: AdmissionBounds) => run('c1', bounds), admitted, expired, pageSizes, stamps };
  };
  const line = (count: number) => Array.from({ length: count }, (_, index) => waiter(index + 1));

  it('fills every free slot in ticket order when unbounded', async () => {
    const { run, admitted, pageSizes } = setUp(2, line(6));
    expect(await run()).toEqual({ admitted: 3, expiredIdle: 0 });
    expect(admitted).toEqual(['t1', 't2', 't3']);
    expect(pageSizes).toEqual([3]);
  });

  it('admits no more than maxAdmissions, and reads the head of the line only that far', async () => {
    const { run, admitted, pageSizes } = setUp(0, line(6));
    expect((await run({ maxAdmissions: () => 2 })).admitted).toBe(2);
    expect(admitted).toEqual(['t1', 't2']);
    expect(pageSizes).toEqual([2]);
  });

  it('asks maxAdmissions again before each admission, so a shared run can be stretched', async () => {
    const { run, admitted } = setUp(0, line(6));
    let reach = 1;
    await run({ maxAdmissions: () => (admitted.length === 1 ? (reach = 3) : reach) });
    expect(admitted).toEqual(['t1', 't2', 't3']);
  });

  it('stops where it stands once mayContinue says no, and never starts when it says no at once', async () => {
    const stopped = setUp(0, line(6));
    await stopped.run({ mayContinue: () => stopped.admitted.length < 2 });
    expect(stopped.admitted).toEqual(['t1', 't2']);
    const never = setUp(0, line(6));
    expect(await never.run({ mayContinue: () => false })).toEqual({ admitted: 0, expiredIdle: 0 });
  });

  it('drops idle waiters on the way without counting them as admissions', async () => {
    const idle = waiter(1, { lastPolledAtMs: now - 121_000 });
    const { run, admitted, expired } = setUp(0, [idle, waiter(2), waiter(3)]);
    expect(await run({ maxAdmissions: () => 2 })).toEqual({ admitted: 2, expiredIdle: 1 });
    expect(expired).toEqual(['t1']);
    expect(admitted).toEqual(['t2', 't3']);
  });

  it('looks at no line when the room is full or the run may admit nobody', async () => {
    const full = setUp(5, line(3));
    expect((await full.run()).admitted).toBe(0);
    expect(full.pageSizes).toEqual([]);
    const none = setUp(0, line(3));
    expect((await none.run({ maxAdmissions: () => 0 })).admitted).toBe(0);
    expect(none.pageSizes).toEqual([]);
  });

  it('stamps each admission with the time it is written, so a long run neither backdates nor shortens its later admissions', async () => {
    // Each admission is one transaction: under load a run that fills 100 slots takes seconds.
    let time = now;
    const clock = { now: () => (time += 1_000) };
    const { run, stamps } = setUp(0, line(3), clock);
    await run();
    expect(stamps.map((stamp) => stamp.nowMs - now)).toEqual([1_000, 2_000, 3_000]);
    expect(stamps.map((stamp) => stamp.expiresAtMs - stamp.nowMs)).toEqual([600_000, 600_000, 600_000]);
  });

  it('judges idleness at the moment it reaches the waiter, not when the run started', async () => {
    let time = now;
    const clock = { now: () => (time += 5_000) };
    // Polled 105 s before the run: idle (120 s) by the time the run reaches it, 20 s later.
    const { run, admitted, expired } = setUp(0, [waiter(1), waiter(2), waiter(3), waiter(4, { lastPolledAtMs: now - 105_000 })], clock);
    await run();
    expect(admitted).toEqual(['t1', 't2', 't3']);
    expect(expired).toEqual(['t4']);
  });
});
