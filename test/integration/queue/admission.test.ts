import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { readAdmissionBuckets } from '../../../lambdas/adapters/dynamodb/admission-record';
import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoExpiryIndex } from '../../../lambdas/adapters/dynamodb/queue-expiry-index';
import { DynamoRoomRepository } from '../../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../../../lambdas/adapters/dynamodb/queue-waiting-line';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { indexKeys } from '../../../lambdas/adapters/dynamodb/table';
import { JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import type { QueuePolicy, QueueToken } from '../../../lambdas/domain/queue';
import { pollAfterSeconds } from '../../../lambdas/domain/queue';
import { oneRunPerRoom } from '../../../lambdas/use-cases/admission/admit-on-poll';
import { getMyQueueToken } from '../../../lambdas/use-cases/queue/get-my-queue-token';
import { getQueueStatus } from '../../../lambdas/use-cases/queue/get-queue-status';
import { issueQueueToken } from '../../../lambdas/use-cases/queue/issue-queue-token';
import { leaveQueue } from '../../../lambdas/use-cases/queue/leave-queue';
import type { BearerClaims } from '../../../lambdas/use-cases/queue/ports';
import { admitWaiting } from '../../../lambdas/use-cases/sweeper/admit-waiting';
import { sweep } from '../../../lambdas/use-cases/sweeper/sweep';
import { concertSeeder } from '../../support/concerts';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { userRegistry } from '../../support/users';

const shards = 8;
const second = 1000;
// Sweeps walk every room and due item in the table; give them more than jest's default 5 s.
jest.setTimeout(30_000);

/**
 * The waiting room's use cases wired to real DynamoDB Local repositories and a clock the test moves. The clock only
 * ever moves forward (sweeps see every token in the table, including earlier tests').
 */
describe('waiting room admission and expiry (DynamoDB Local, injected clock)', () => {
  let table: TestTable;
  const clock = { current: Date.UTC(2030, 0, 1), now() { return this.current; } };
  const advance = (ms: number) => {
    clock.current += ms;
  };
  const releasedHolds: string[] = [];
  const codec = new JwtQueueTokens(new StaticSigningKeys('admission-test-secret'));

  beforeAll(async () => {
    table = await createTestTable();
  });

  const room = (policy: QueuePolicy) => {
    const tokens = new DynamoQueueTokenRepository(table.db, table.tableName, shards);
    const issuer = new DynamoQueueTokenIssuer(table.db, table.tableName, shards);
    const rooms = new DynamoRoomRepository(table.db, table.tableName, shards, clock);
    const line = new DynamoWaitingLine(table.db, table.tableName, shards);
    return {
      tokens,
      rooms,
      issue: issueQueueToken({ tokens: issuer, rooms, signer: codec, clock, ids: uuidGenerator, policy }),
      poll: getMyQueueToken({ tokens, rooms, admitOnPoll: oneRunPerRoom(admitWaiting({ line, rooms, tokens, clock, policy })), clock, policy }),
      leave: leaveQueue({ tokens, clock, policy }),
      status: getQueueStatus({ rooms, clock, policy }),
      sweep: sweep({
        expiry: new DynamoExpiryIndex(table.db, table.tableName),
        line,
        rooms,
        tokens,
        concerts: new DynamoConcertRepository(table.db, table.tableName),
        openSale: async () => undefined,
        releaseHold: async (reservationId) => {
          releasedHolds.push(reservationId);
          return true;
        },
        clock,
        policy,
      }),
    };
  };
  type Room = ReturnType<typeof room>;

  const newConcert = async (): Promise<string> => (await concertSeeder(table)({ seatsPerDate: 1, price: 1000 })).concertId;
  const newUser = async (): Promise<string> => (await userRegistry(table)('fan')).userId;
  const take = async (r: Room, concertId: string, userId?: string) => {
    const issued = await r.issue(userId ?? (await newUser()), concertId);
    const claims: BearerClaims = await codec.verify(issued.jwt, clock.now());
    return { ...issued, claims };
  };
  const stored = async (r: Room, claims: BearerClaims): Promise<QueueToken> => (await r.tokens.findToken(claims.tokenId)) as QueueToken;
  /** Past the 1 s served-count cache, so the next poll reads the room afresh. */
  const freshRead = () => advance(1_100);

  it('admits waiters first come, first served as slots free up', async () => {
    const r = room({ maxActiveTokens: 2, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    const holders = [await take(r, concertId), await take(r, concertId)];
    const waiters = [];
    for (let i = 0; i < 5; i += 1) waiters.push(await take(r, concertId));
    expect(holders.map((h) => h.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(waiters.map((w) => [w.status, w.position])).toEqual([1, 2, 3, 4, 5].map((p) => ['WAITING', p]));
    // Nobody has been admitted from the line yet: no estimate, and the poll pace grows with the position.
    expect(waiters.map((w) => [w.estimatedWaitSeconds, w.pollAfterSeconds])).toEqual([1, 2, 3, 4, 5].map((p) => [null, p]));

    await r.leave(holders[0]!.claims);
    await r.sweep();
    // Past the 10 s an admission rate needs to be observed (and past the 1 s cache).
    advance(11 * second);
    expect((await r.poll(waiters[0]!.claims)).status).toBe('ACTIVE');
    const polled = await Promise.all(waiters.slice(1).map((w) => r.poll(w.claims)));
    expect(polled.map((v) => v.position)).toEqual([1, 2, 3, 4]);
    // One admission from the line is no rate yet (a rate needs the time between two): no estimate.
    expect(polled.map((v) => v.estimatedWaitSeconds)).toEqual([null, null, null, null]);

    await r.leave(holders[1]!.claims);
    await r.leave(waiters[0]!.claims);
    await r.sweep();
    freshRead();
    const views = await Promise.all(waiters.map((w) => r.poll(w.claims).catch(() => 'dead')));
    expect(views.map((v) => (typeof v === 'string' ? v : `${v.status}:${v.position}`))).toEqual(['dead', 'ACTIVE:0', 'ACTIVE:0', 'WAITING:1', 'WAITING:2']);
    // Three admissions from the line, 11 s apart: an observed rate; estimates grow with the position, polls are paced by them.
    const waiting = views.slice(3) as { estimatedWaitSeconds: number | null; pollAfterSeconds: number }[];
    const estimates = waiting.map((v) => v.estimatedWaitSeconds as number);
    expect(estimates.every((estimate) => estimate > 0)).toBe(true);
    expect(estimates[0]!).toBeLessThan(estimates[1]!);
    expect(waiting.map((v) => v.pollAfterSeconds)).toEqual(estimates.map((estimate) => pollAfterSeconds(1, estimate, { waitingTokenIdleSeconds: 120 })));
    expect(await r.status(concertId)).toEqual({ concertId, status: 'ON_SALE', saleOpensAtMs: undefined, waiting: 2, active: 2, maxActive: 2, admittedLastMinute: 5 });
  });

  it('never has more than MAX_ACTIVE_TOKENS ACTIVE, positions never rise, and admission follows the line, under concurrency', async () => {
    const max = 5;
    const r = room({ maxActiveTokens: max, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    const users = await Promise.all(Array.from({ length: 60 }, () => newUser()));

    const activeNow = async (all: BearerClaims[]) => {
      const tokens = await Promise.all(all.map((claims) => stored(r, claims)));
      return tokens.filter((token) => token.status === 'ACTIVE');
    };
    const lastPosition = new Map<string, number>();
    const pollAll = async (all: BearerClaims[]) => {
      const views = await Promise.all(all.map((claims) => r.poll(claims).catch(() => undefined)));
      views.forEach((view, index) => {
        const tokenId = all[index]!.tokenId;
        if (!view || view.status !== 'WAITING') return;
        const before = lastPosition.get(tokenId);
        if (before !== undefined) expect(view.position).toBeLessThanOrEqual(before);
        lastPosition.set(tokenId, view.position as number);
      });
    };

    // Phase 1: 60 concurrent issues, racing with overlapping sweeps.
    const issuing = Promise.all(users.map((userId) => take(r, concertId, userId)));
    const racingSweeps = Promise.all([r.sweep(), r.sweep(), r.sweep()]);
    const issued = await issuing;
    await racingSweeps;
    const claims = issued.map((i) => i.claims);
    expect(issued.filter((i) => i.status === 'ACTIVE').length).toBeLessThanOrEqual(max);
    let active = await activeNow(claims);
    expect(active).toHaveLength(max);
    expect((await r.rooms.readRoom(concertId)).activeCount).toBe(max);

    // Phase 2: rounds of leaving, overlapping sweeps and polls until everyone has been admitted.
    const admittedOrder: QueueToken[] = [];
    const seen = new Set(active.map((token) => token.tokenId));
    for (let round = 0; round < 40 && seen.size < claims.length; round += 1) {
      const leavers = active.slice(0, 1 + (round % 3));
      await Promise.all([
        ...leavers.map((token) => r.leave({ userId: token.userId, tokenId: token.tokenId, concertId })),
        pollAll(claims),
      ]);
      await Promise.all([r.sweep(), r.sweep(), pollAll(claims)]);
      if (round % 2 === 0) freshRead();
      active = await activeNow(claims);
      expect(active.length).toBeLessThanOrEqual(max);
      expect((await r.rooms.readRoom(concertId)).activeCount).toBe(active.length);
      const newcomers = active.filter((token) => !seen.has(token.tokenId)).sort((a, b) => (a.ticket ?? 0) - (b.ticket ?? 0) || a.tokenId.localeCompare(b.tokenId));
      newcomers.forEach((token) => seen.add(token.tokenId));
      admittedOrder.push(...newcomers);
    }
    expect(seen.size).toBe(claims.length);
    // Issuing was over before phase 2, so the line was fixed: admissions follow it exactly.
    const lineOrder = [...admittedOrder].sort((a, b) => (a.ticket ?? 0) - (b.ticket ?? 0) || a.tokenId.localeCompare(b.tokenId));
    expect(admittedOrder.map((t) => t.tokenId)).toEqual(lineOrder.map((t) => t.tokenId));
    expect(await r.status(concertId)).toMatchObject({ waiting: 0, active: active.length });
    // Up to 40 rounds of 120 polls and two sweeps: minutes, not seconds, when the box is far busier than usual.
  }, 300_000);

  it('gives 200 simultaneous issues into a full room the places 1..200, each exactly once, and admits them in that order', async () => {
    const max = 5;
    const policy = { maxActiveTokens: max, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const r = room(policy);
    const admit = admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms: r.rooms, tokens: r.tokens, clock, policy });
    const concertId = await newConcert();
    let active = await Promise.all(Array.from({ length: max }, () => take(r, concertId)));
    expect(active.map((holder) => holder.status)).toEqual(Array.from({ length: max }, () => 'ACTIVE'));
    const users = await Promise.all(Array.from({ length: 200 }, () => newUser()));

    const waiters = await Promise.all(users.map((userId) => take(r, concertId, userId)));
    const line = Array.from({ length: 200 }, (_, index) => index + 1);
    expect(waiters.every((waiter) => waiter.status === 'WAITING')).toBe(true);
    expect(waiters.map((waiter) => waiter.position).sort((a, b) => (a as number) - (b as number))).toEqual(line);
    const places = await Promise.all(waiters.map(async (waiter) => (await stored(r, waiter.claims)).ticket as number));
    expect([...places].sort((a, b) => a - b)).toEqual(line.map((position) => position + max));
    expect(await r.status(concertId)).toMatchObject({ waiting: 200, active: max });

    // Free every slot, admit, repeat: each round admits exactly the next `max` places.
    const byPosition = [...waiters].sort((a, b) => (a.position as number) - (b.position as number));
    for (let round = 0; round < 200 / max; round += 1) {
      await Promise.all(active.map((holder) => r.leave(holder.claims)));
      await admit(concertId);
      const expected = byPosition.slice(round * max, (round + 1) * max);
      const statuses = await Promise.all(byPosition.map(async (waiter) => (await stored(r, waiter.claims)).status));
      expect(statuses.filter((status) => status === 'ACTIVE')).toHaveLength(max);
      expect(expected.map((waiter) => statuses[byPosition.indexOf(waiter)])).toEqual(expected.map(() => 'ACTIVE'));
      active = expected;
    }
    expect(await r.status(concertId)).toMatchObject({ waiting: 0, active: max });
    // 200 issues and 40 rounds of admission: 46 s at load 14, over 180 s once at load 28.
  }, 300_000);

  it('gives a burst of 350 simultaneous issues through several instances the places across four rows, each once, and admits them in that order', async () => {
    const max = 25;
    const policy = { maxActiveTokens: max, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const warm = room(policy);
    const admit = admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms: warm.rooms, tokens: warm.tokens, clock, policy });
    const concertId = await newConcert();
    let active = await Promise.all(Array.from({ length: max }, () => take(warm, concertId)));
    expect(active.map((holder) => holder.status)).toEqual(Array.from({ length: max }, () => 'ACTIVE'));
    // One instance has seen the room's rows, six are cold: each starts from what it knows (place-rows.ts).
    const instances = [warm, ...Array.from({ length: 6 }, () => room(policy))];
    const users = await Promise.all(Array.from({ length: 350 }, () => newUser()));

    const waiters = await Promise.all(users.map((userId, index) => take(instances[index % instances.length] as Room, concertId, userId)));
    const line = Array.from({ length: 350 }, (_, index) => index + 1);
    expect(waiters.every((waiter) => waiter.status === 'WAITING')).toBe(true);
    expect(waiters.map((waiter) => waiter.position).sort((a, b) => (a as number) - (b as number))).toEqual(line);
    const places = await Promise.all(waiters.map(async (waiter) => (await stored(warm, waiter.claims)).ticket as number));
    expect([...places].sort((a, b) => a - b)).toEqual(line.map((position) => position + max));
    expect(await warm.status(concertId)).toMatchObject({ waiting: 350, active: max });
    // An issue after the burst, from a cold instance, continues the line.
    const next = await take(room(policy), concertId);
    expect((await stored(warm, next.claims)).ticket).toBe(max + 351);

    const byPosition = [...waiters].sort((a, b) => (a.position as number) - (b.position as number));
    for (let round = 0; round < 350 / max; round += 1) {
      await Promise.all(active.map((holder) => warm.leave(holder.claims)));
      await admit(concertId);
      const expected = byPosition.slice(round * max, (round + 1) * max);
      const statuses = await Promise.all(byPosition.map(async (waiter) => (await stored(warm, waiter.claims)).status));
      expect(statuses.filter((status) => status === 'ACTIVE')).toHaveLength(max);
      expect(expected.map((waiter) => statuses[byPosition.indexOf(waiter)])).toEqual(expected.map(() => 'ACTIVE'));
      active = expected;
    }
  }, 300_000);

  it('keeps the room within its limit, its counters and admission records exact, and the line in order under several overlapping batch runs', async () => {
    const max = 20;
    const policy = { maxActiveTokens: max, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const instances = Array.from({ length: 4 }, () => room(policy));
    const runs = instances.map((instance) =>
      admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms: instance.rooms, tokens: instance.tokens, clock, policy }),
    );
    const r = instances[0] as Room;
    const concertId = await newConcert();
    let active = await Promise.all(Array.from({ length: max }, () => take(r, concertId)));
    const users = await Promise.all(Array.from({ length: 90 }, () => newUser()));
    const waiters = [];
    for (const userId of users) waiters.push(await take(r, concertId, userId));
    expect(waiters.map((waiter) => waiter.position)).toEqual(users.map((_, index) => index + 1));

    let fromLine = 0;
    const everAdmitted = new Set<string>();
    // Rounds that free some slots (all of them, then fewer), each refilled by four runs at once, twice over.
    for (const leaving of [20, 13, 20, 7, 20]) {
      await Promise.all(active.slice(0, leaving).map((holder) => r.leave(holder.claims)));
      const reports = await Promise.all([...runs, ...runs].map((run) => run(concertId)));
      fromLine += reports.reduce((sum, report) => sum + report.admitted, 0);
      const tokens = await Promise.all(waiters.map((waiter) => stored(r, waiter.claims)));
      const activeWaiters = waiters.filter((_, index) => tokens[index]!.status === 'ACTIVE');
      const stillHolding = active.slice(leaving);
      activeWaiters.forEach((waiter) => everAdmitted.add(waiter.claims.tokenId));
      const counters = await r.rooms.readRoom(concertId);
      expect(counters.activeCount).toBe(stillHolding.length + activeWaiters.filter((waiter) => !stillHolding.includes(waiter)).length);
      expect(counters.activeCount).toBe(max);
      expect(counters.servedCount).toBe(max + fromLine);
      // FIFO: everyone admitted so far is the head of the line.
      expect(waiters.slice(0, everAdmitted.size).every((waiter) => everAdmitted.has(waiter.claims.tokenId))).toBe(true);
      active = [...stillHolding, ...activeWaiters.filter((waiter) => !stillHolding.includes(waiter))];
    }
    expect(fromLine).toBe(80);
    const buckets = await readAdmissionBuckets(table.db, table.tableName, concertId, 0, clock.now());
    expect(buckets.reduce((sum, bucket) => sum + bucket.admitted, 0)).toBe(max + fromLine);
    expect(buckets.reduce((sum, bucket) => sum + bucket.fromLine, 0)).toBe(fromLine);
    const perSecond = buckets.flatMap((bucket) => bucket.fromLineBySecond ?? []);
    expect(perSecond.reduce((sum, count) => sum + count, 0)).toBe(fromLine);
    expect(await r.status(concertId)).toMatchObject({ waiting: 10, active: max });
  }, 300_000);

  it('admits a batch all at once or not at all, and names the tokens that changed and the full room when refused', async () => {
    const policy = { maxActiveTokens: 10, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const r = room(policy);
    const concertId = await newConcert();
    const holders = await Promise.all(Array.from({ length: 10 }, () => take(r, concertId)));
    const waiters = [];
    for (let i = 0; i < 6; i += 1) waiters.push(await take(r, concertId));
    await Promise.all(holders.slice(0, 4).map((holder) => r.leave(holder.claims)));
    const tokens = await Promise.all(waiters.map((waiter) => stored(r, waiter.claims)));
    const admission = { nowMs: clock.now(), expiresAtMs: clock.now() + 600 * second, maxActiveTokens: 10 };

    await r.leave(waiters[1]!.claims);
    await r.leave(waiters[3]!.claims);
    expect(await r.tokens.admitAll(concertId, tokens.slice(0, 5), admission)).toEqual({
      roomFull: true,
      changed: new Set([tokens[1]!.tokenId, tokens[3]!.tokenId]),
    });
    expect(await r.tokens.admitAll(concertId, [tokens[0]!, tokens[2]!, tokens[4]!, tokens[5]!], admission)).toBeUndefined();
    expect((await Promise.all(waiters.map((waiter) => stored(r, waiter.claims)))).map((token) => token.status)).toEqual(['ACTIVE', 'LEFT', 'ACTIVE', 'LEFT', 'ACTIVE', 'ACTIVE']);
    expect((await stored(r, waiters[0]!.claims)).admittedAtMs).toBe(admission.nowMs);
    expect((await r.rooms.readRoom(concertId)).activeCount).toBe(10);
  });

  it('refuses a second token to a user with a live one before it takes a place, so the line stays dense', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    await take(r, concertId);
    const first = await take(r, concertId);
    await expect(take(r, concertId, first.claims.userId)).rejects.toMatchObject({ code: 'TOKEN_ALREADY_ISSUED' });
    const next = await take(r, concertId);
    expect([first.position, next.position]).toEqual([1, 2]);
    expect([(await stored(r, first.claims)).ticket, (await stored(r, next.claims)).ticket]).toEqual([2, 3]);
  });

  it('drops an abandoned waiter at the head of the line instead of letting it block the queue', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    const holder = await take(r, concertId);
    const abandoned = await take(r, concertId);
    const keen = await take(r, concertId);
    expect([abandoned.position, keen.position]).toEqual([1, 2]);

    advance(100 * second);
    await r.poll(keen.claims);
    advance(30 * second); // the abandoned waiter is now 130 s without a poll, the keen one 30 s
    await r.leave(holder.claims);
    const report = await r.sweep();
    expect(report.admitted).toBeGreaterThanOrEqual(1);

    expect((await stored(r, abandoned.claims)).status).toBe('EXPIRED');
    freshRead();
    expect((await r.poll(keen.claims)).status).toBe('ACTIVE');
    await expect(r.poll(abandoned.claims)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect(await r.status(concertId)).toMatchObject({ waiting: 0, active: 1 });
    // Its lock went with it: the user may queue again.
    expect((await take(r, concertId, abandoned.claims.userId)).status).toBe('WAITING');
  });

  it('expires idle waiters from the expiry index even while the room stays full, and counts them gone', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    await take(r, concertId);
    const idle = await take(r, concertId);
    const polling = await take(r, concertId);
    expect((await r.status(concertId)).waiting).toBe(2);

    advance(50 * second);
    await r.poll(polling.claims); // 70 s left on its key: more than half the window, so the key stays
    expect((await stored(r, polling.claims)).expiryKeyMs).toBe((await stored(r, idle.claims)).expiryKeyMs);
    advance(71 * second);
    const report = await r.sweep();
    expect(report.admitted).toBe(0);
    expect((await stored(r, idle.claims)).status).toBe('EXPIRED');
    const moved = await stored(r, polling.claims);
    expect(moved.status).toBe('WAITING');
    expect(moved.expiryKeyMs).toBe(moved.lastPolledAtMs + 120 * second);
    expect(await r.status(concertId)).toMatchObject({ waiting: 1, active: 1 });

    advance(50 * second);
    await r.sweep();
    expect((await stored(r, polling.claims)).status).toBe('EXPIRED');
    expect(await r.status(concertId)).toMatchObject({ waiting: 0, active: 1 });
  });

  it('moves the expiry key when a poll comes within half the idle window of it', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    await take(r, concertId);
    const waiter = await take(r, concertId);
    advance(61 * second);
    await r.poll(waiter.claims);
    const token = await stored(r, waiter.claims);
    expect(token.expiryKeyMs).toBe(clock.now() + 120 * second);
  });

  it('expires an ACTIVE token at the end of its lifetime and admits the next waiter in the same sweep', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    const holder = await take(r, concertId);
    const waiter = await take(r, concertId);
    for (let t = 0; t < 600; t += 100) {
      advance(100 * second);
      await r.poll(waiter.claims);
    }
    await r.sweep();
    expect((await stored(r, holder.claims)).status).toBe('EXPIRED');
    expect((await stored(r, waiter.claims)).status).toBe('ACTIVE');
    expect(await r.status(concertId)).toMatchObject({ waiting: 0, active: 1 });
  });

  it('lets a user whose token died by the clock (not yet swept) take a new one', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const concertId = await newConcert();
    const first = await take(r, concertId);
    advance(601 * second);
    const second_ = await take(r, concertId, first.claims.userId);
    expect(second_.status).toBe('ACTIVE');
    expect((await stored(r, first.claims)).status).toBe('EXPIRED');
    expect((await r.rooms.readRoom(concertId)).activeCount).toBe(1);
  });

  it('hands due reservations in the expiry index to releaseHold', async () => {
    const r = room({ maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 });
    const reservationId = randomUUID();
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...reservationKey(reservationId), ...indexKeys.expiry(3, clock.now() - 1), entity: 'Reservation', reservationId, status: 'HELD' },
      }),
    );
    const report = await r.sweep();
    expect(releasedHolds).toContain(reservationId);
    expect(report.releasedHolds).toBeGreaterThanOrEqual(1);
  });
});
