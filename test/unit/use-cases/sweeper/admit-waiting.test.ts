import type { QueuePolicy, QueueToken } from '../../../../lambdas/domain/queue';
import type { SaleSettings } from '../../../../lambdas/domain/sale';
import type { AdmissionBounds } from '../../../../lambdas/use-cases/sweeper/admit-waiting';
import type { AdmissionRefusal } from '../../../../lambdas/use-cases/sweeper/ports';
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

  type Write = (batch: readonly QueueToken[]) => AdmissionRefusal | undefined;
  const admittedAll: Write = () => undefined;

  /**
   * A room of 5 with `active` ACTIVE tokens and the given line; records the admission writes (each batch's token ids
   * and stamp), the idle expiries and the page size asked. `write` decides each write's outcome; `activeAfter` is what
   * a re-read of the room finds.
   */
  const setUp = (
    active: number,
    line: QueueToken[],
    options: { clock?: { now: () => number }; write?: Write; perWrite?: number; activeAfter?: number; sale?: SaleSettings } = {},
  ) => {
    const writes: string[][] = [];
    const stamps: { nowMs: number; expiresAtMs: number }[] = [];
    const expired: string[] = [];
    const pageSizes: number[] = [];
    const counters = (activeCount: number) => ({ activeCount, servedCount: 0, issued: line.length, gone: 0 });
    const run = admitWaiting({
      rooms: {
        readRoom: async () => counters(options.activeAfter ?? active),
        readAdmissionSnapshot: async () => ({ room: counters(active), sale: options.sale ?? {} }),
      },
      line: {
        inOrder: async function* (_concertId, pageSize) {
          pageSizes.push(pageSize);
          yield* line;
        },
      },
      tokens: {
        maxPerWrite: options.perWrite ?? 98,
        admitAll: async (_concertId, batch, admission) => {
          const outcome = (options.write ?? admittedAll)(batch);
          if (!outcome) {
            writes.push(batch.map((token) => token.tokenId));
            stamps.push({ nowMs: admission.nowMs, expiresAtMs: admission.expiresAtMs });
          }
          return outcome;
        },
        endToken: async (token) => (expired.push(token.tokenId), true),
        moveExpiryKey: async () => true,
      },
      clock: options.clock ?? { now: () => now },
      policy,
    });
    return { run: (bounds?: AdmissionBounds) => run('c1', bounds), writes, admitted: () => writes.flat(), expired, pageSizes, stamps };
  };
  const line = (count: number) => Array.from({ length: count }, (_, index) => waiter(index + 1));

  it('fills every free slot in ticket order in one write when unbounded', async () => {
    const { run, writes, pageSizes } = setUp(2, line(6));
    expect(await run()).toEqual({ admitted: 3, expiredIdle: 0 });
    expect(writes).toEqual([['t1', 't2', 't3']]);
    expect(pageSizes).toEqual([3]);
  });

  it('splits a batch larger than one write holds into several writes, in line order', async () => {
    const { run, writes } = setUp(0, line(6), { perWrite: 2 });
    expect((await run()).admitted).toBe(5);
    expect(writes).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
  });

  it('admits no more than maxAdmissions, and reads the head of the line only that far', async () => {
    const { run, admitted, pageSizes } = setUp(0, line(6));
    expect((await run({ maxAdmissions: () => 2 })).admitted).toBe(2);
    expect(admitted()).toEqual(['t1', 't2']);
    expect(pageSizes).toEqual([2]);
  });

  it('asks maxAdmissions again before each write, so a shared run can be stretched', async () => {
    const { run, writes } = setUp(0, line(6));
    let reach = 1;
    await run({ maxAdmissions: () => (writes.length === 1 ? (reach = 3) : reach) });
    expect(writes).toEqual([['t1'], ['t2', 't3']]);
  });

  it('stops where it stands once mayContinue says no, and never starts when it says no at once', async () => {
    const stopped = setUp(0, line(6), { perWrite: 2 });
    await stopped.run({ mayContinue: () => stopped.writes.length < 1 });
    expect(stopped.admitted()).toEqual(['t1', 't2']);
    const never = setUp(0, line(6));
    expect(await never.run({ mayContinue: () => false })).toEqual({ admitted: 0, expiredIdle: 0 });
    expect(never.admitted()).toEqual([]);
  });

  it('drops idle waiters on the way without counting them as admissions', async () => {
    const idle = waiter(1, { lastPolledAtMs: now - 121_000 });
    const { run, admitted, expired } = setUp(0, [idle, waiter(2), waiter(3)]);
    expect(await run({ maxAdmissions: () => 2 })).toEqual({ admitted: 2, expiredIdle: 1 });
    expect(expired).toEqual(['t1']);
    expect(admitted()).toEqual(['t2', 't3']);
  });

  it('drops the waiters another run admitted (or who left) from a refused write, retries the rest and takes the next in line', async () => {
    const gone = new Set(['t2', 't3']);
    const write: Write = (batch) => {
      const changed = new Set(batch.filter((token) => gone.has(token.tokenId)).map((token) => token.tokenId));
      return changed.size > 0 ? { roomFull: false, changed } : undefined;
    };
    const { run, writes } = setUp(2, line(6), { write });
    expect((await run()).admitted).toBe(3);
    expect(writes).toEqual([['t1', 't4', 't5']]);
  });

  it('reads the room again when it has no room for the whole batch, and admits the head of the batch that still fits', async () => {
    let refusals = 0;
    const write: Write = (batch) => (batch.length > 1 ? (refusals += 1, { roomFull: true, changed: new Set<string>() }) : undefined);
    // Another run filled two of the three free slots meanwhile.
    const { run, writes } = setUp(2, line(6), { write, activeAfter: 4 });
    expect((await run()).admitted).toBe(1);
    expect(refusals).toBe(1);
    expect(writes).toEqual([['t1']]);
  });

  it('stops without writing when a re-read finds the room full', async () => {
    const write: Write = () => ({ roomFull: true, changed: new Set<string>() });
    const { run, writes } = setUp(0, line(6), { write, activeAfter: 5 });
    expect((await run()).admitted).toBe(0);
    expect(writes).toEqual([]);
  });

  it('looks at no line when the room is full or the run may admit nobody', async () => {
    const full = setUp(5, line(3));
    expect((await full.run()).admitted).toBe(0);
    expect(full.pageSizes).toEqual([]);
    const none = setUp(0, line(3));
    expect((await none.run({ maxAdmissions: () => 0 })).admitted).toBe(0);
    expect(none.pageSizes).toEqual([]);
  });

  it('admits nobody while an opening that has come is still being drawn, except in the draw\'s own runs', async () => {
    const drawing = { saleOpensAtMs: now - 1_000 };
    const beside = setUp(0, line(3), { sale: drawing });
    expect((await beside.run()).admitted).toBe(0);
    expect(beside.pageSizes).toEqual([]);
    expect((await setUp(0, line(3), { sale: drawing }).run({ byDraw: true })).admitted).toBe(3);
    expect((await setUp(0, line(3), { sale: { ...drawing, openedAtMs: now - 500 } }).run()).admitted).toBe(3);
  });

  it('stamps each write\'s admissions with the time it is made, so a long run neither backdates nor shortens its later admissions', async () => {
    let time = now;
    const clock = { now: () => (time += 1_000) };
    const { run, stamps } = setUp(0, line(3), { clock, perWrite: 2 });
    await run();
    // Each waiter is judged when reached (t1, t2: 1 s, 2 s), the first write made at 3 s; t3 judged at 4 s, written at 5 s.
    expect(stamps.map((stamp) => stamp.nowMs - now)).toEqual([3_000, 5_000]);
    expect(stamps.map((stamp) => stamp.expiresAtMs - stamp.nowMs)).toEqual([600_000, 600_000]);
  });

  it('judges idleness at the moment it reaches the waiter, not when the run started', async () => {
    let time = now;
    const clock = { now: () => (time += 5_000) };
    // Polled 105 s before the run: idle (120 s) by the time the run reaches it, 20 s later.
    const { run, admitted, expired } = setUp(0, [waiter(1), waiter(2), waiter(3), waiter(4, { lastPolledAtMs: now - 105_000 })], { clock });
    await run();
    expect(admitted()).toEqual(['t1', 't2', 't3']);
    expect(expired).toEqual(['t4']);
  });
});
