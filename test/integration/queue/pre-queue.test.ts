import { randomInt, randomUUID } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { spearman } from '../../../bench/lib/stats';
import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../../../lambdas/adapters/dynamodb/queue-waiting-line';
import { DynamoSaleDrawRepository } from '../../../lambdas/adapters/dynamodb/sale-draw-repository';
import { keys } from '../../../lambdas/adapters/dynamodb/table';
import { DynamoUserRepository } from '../../../lambdas/adapters/dynamodb/user-repository';
import { userKeys } from '../../../lambdas/adapters/user-keys';
import { JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import type { QueuePolicy, QueueToken } from '../../../lambdas/domain/queue';
import { oneRunPerRoom } from '../../../lambdas/use-cases/admission/admit-on-poll';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import { getMyQueueToken } from '../../../lambdas/use-cases/queue/get-my-queue-token';
import { getQueueStatus } from '../../../lambdas/use-cases/queue/get-queue-status';
import { issueQueueToken } from '../../../lambdas/use-cases/queue/issue-queue-token';
import { leaveQueue } from '../../../lambdas/use-cases/queue/leave-queue';
import type { BearerClaims } from '../../../lambdas/use-cases/queue/ports';
import { openSale } from '../../../lambdas/use-cases/sale/open-sale';
import type { SaleDrawRepository } from '../../../lambdas/use-cases/sale/ports';
import { admitWaiting } from '../../../lambdas/use-cases/sweeper/admit-waiting';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const shards = 8;
jest.setTimeout(120_000);

/**
 * The pre-queue and the draw wired to real DynamoDB Local repositories and a clock the test moves: arrivals before
 * the opening wait without a place and write nothing shared; the opening draws once, in a random order, ahead of
 * later arrivals; admission follows the places.
 */
describe('pre-queue and the opening draw (DynamoDB Local, injected clock)', () => {
  let table: TestTable;
  const clock = { current: Date.UTC(2031, 0, 1), now() { return this.current; } };
  const codec = new JwtQueueTokens(new StaticSigningKeys('pre-queue-test-secret'));
  const policy: QueuePolicy = { maxActiveTokens: 5, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };

  beforeAll(async () => {
    table = await createTestTable();
  });

  const wire = (draws?: SaleDrawRepository) => {
    const tokens = new DynamoQueueTokenRepository(table.db, table.tableName, shards);
    const issuer = new DynamoQueueTokenIssuer(table.db, table.tableName, shards);
    const rooms = new DynamoRoomRepository(table.db, table.tableName, shards, clock);
    const concerts = new DynamoConcertRepository(table.db, table.tableName);
    const admit = admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms, tokens, clock, policy });
    return {
      tokens,
      issue: issueQueueToken({ tokens: issuer, rooms, signer: codec, clock, ids: uuidGenerator, policy }),
      poll: getMyQueueToken({ tokens, rooms, admitOnPoll: oneRunPerRoom(admit), clock, policy }),
      leave: leaveQueue({ tokens, clock, policy }),
      status: getQueueStatus({ rooms, clock, policy }),
      open: openSale({
        concerts,
        draws: draws ?? new DynamoSaleDrawRepository(table.db, table.tableName, shards),
        admit,
        clock,
        ids: uuidGenerator,
        randomBelow: (n) => randomInt(n),
        policy,
      }),
    };
  };
  let service: ReturnType<typeof wire>;
  beforeAll(() => {
    service = wire();
  });

  const newConcert = async (saleOpensAtMs: number): Promise<string> =>
    (
      await createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
        title: 'Stadium',
        venue: 'Hall',
        dates: ['2099-12-24'],
        seatsPerDate: 10,
        price: 1000,
        saleOpensAtMs,
      })
    ).concert.concertId;
  const take = async (concertId: string) => {
    const userId = randomUUID();
    await new DynamoUserRepository(table.db, table.tableName).createUser({ userId, name: 'fan' }, userKeys.newKey().hash);
    const issued = await service.issue(userId, concertId);
    return { ...issued, claims: await codec.verify(issued.jwt, clock.now()) };
  };
  const stored = async (claims: BearerClaims): Promise<QueueToken> => (await service.tokens.findToken(claims.tokenId)) as QueueToken;
  /** Past the 1 s room cache, so the next poll reads the room afresh. */
  const freshRead = () => {
    clock.current += 1_100;
  };

  it('keeps arrivals before the opening WAITING without a position, writing no room or shard item', async () => {
    const concertId = await newConcert(clock.now() + 60_000);
    const fans = await Promise.all(Array.from({ length: 20 }, () => take(concertId)));
    for (const fan of fans) expect(fan).toMatchObject({ status: 'WAITING', position: null, estimatedWaitSeconds: null });

    const shared = [keys.room(concertId), ...Array.from({ length: shards }, (_, shard) => keys.roomShard(concertId, shard))];
    const { Responses } = await table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: shared, ConsistentRead: true } } }));
    expect(Responses?.[table.tableName]).toEqual([]);

    clock.current += 30_000;
    const polled = await service.poll(fans[0]!.claims);
    expect(polled).toMatchObject({ status: 'WAITING', position: null, estimatedWaitSeconds: null, expiresAtMs: clock.now() + 120_000 });
    expect(await service.status(concertId)).toMatchObject({ status: 'UPCOMING', saleOpensAtMs: clock.now() + 30_000, waiting: 0, active: 0 });
  });

  it('draws once however often triggered: places 1..n in an order unrelated to arrival, then admits by place', async () => {
    const opensAt = clock.now() + 10_000;
    const concertId = await newConcert(opensAt);
    const n = 300;
    const fans = [];
    // Arrival order is issue order: one at a time.
    for (let i = 0; i < n; i += 1) fans.push(await take(concertId));
    const leaver = fans.pop()!;
    await service.leave(leaver.claims);

    expect(await service.open(concertId)).toMatchObject({ outcome: 'notDue' });
    clock.current = opensAt;
    const triggers = await Promise.all([service.open(concertId), service.open(concertId), service.open(concertId)]);
    expect(triggers.map((report) => report.outcome).sort()).toEqual(['inProgress', 'inProgress', 'opened']);
    expect(triggers.find((report) => report.outcome === 'opened')).toMatchObject({ placed: n - 1, skipped: 0 });
    expect(await service.open(concertId)).toMatchObject({ outcome: 'alreadyOpen' });

    const places = (await Promise.all(fans.map((fan) => stored(fan.claims)))).map((token) => token.ticket as number);
    expect([...places].sort((a, b) => a - b)).toEqual(Array.from({ length: n - 1 }, (_, index) => index + 1));
    // |ρ| of a random order has a standard deviation of 1/√(n−1) ≈ 0.058 here: 4 of them is never reached by chance.
    const rho = spearman(fans.map((_, index) => index), places);
    expect(Math.abs(rho)).toBeLessThan(4 / Math.sqrt(n - 2));

    // Admission started with the draw and followed the places; the rest see their place as position.
    freshRead();
    const views = await Promise.all(fans.map((fan) => service.poll(fan.claims)));
    views.forEach((view, index) => {
      const place = places[index] as number;
      expect(view).toMatchObject(place <= policy.maxActiveTokens ? { status: 'ACTIVE', position: 0 } : { status: 'WAITING', position: place - policy.maxActiveTokens });
    });
    expect(await service.status(concertId)).toMatchObject({ status: 'ON_SALE', waiting: n - 1 - policy.maxActiveTokens, active: policy.maxActiveTokens });

    // Arrivals after the opening queue behind everyone drawn.
    const late = await take(concertId);
    expect(late).toMatchObject({ status: 'WAITING', position: n - 1 - policy.maxActiveTokens + 1 });
    expect((await stored(late.claims)).ticket).toBe(n);
  });

  it('skips pre-queue tokens that idled out before the draw, counting their places as gone', async () => {
    const opensAt = clock.now() + 200_000;
    const concertId = await newConcert(opensAt);
    const idle = await take(concertId);
    clock.current += 100_000;
    const keen = await take(concertId);
    clock.current = opensAt;
    await service.poll(keen.claims);
    expect(await service.open(concertId)).toMatchObject({ outcome: 'opened', placed: 1 });
    expect((await stored(idle.claims)).ticket).toBeUndefined();
    expect(await stored(keen.claims)).toMatchObject({ status: 'ACTIVE' });
    freshRead();
    expect(await service.status(concertId)).toMatchObject({ waiting: 0, active: 1 });
  });

  it('takes each draw block after the places already taken, on any instance, and leaves unused a block whose draw lost its lease', async () => {
    const concertId = await newConcert(clock.now() + 60_000);
    const lease = clock.now() + 60_000;
    const drawer = new DynamoSaleDrawRepository(table.db, table.tableName, shards);
    const fresh = () => new DynamoSaleDrawRepository(table.db, table.tableName, shards);
    const run = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);
    expect(await drawer.claim(concertId, 'draw-1', clock.now(), lease)).toBe('claimed');

    expect(await drawer.reservePlaces(concertId, 100, 'draw-1', lease)).toEqual(run(1, 100));
    expect(await fresh().reservePlaces(concertId, 50, 'draw-1', lease)).toEqual(run(101, 50));
    // Not the draw holding the lease: its places (151..250) are taken but never given, and not counted as issued.
    expect(await drawer.reservePlaces(concertId, 100, 'draw-2', lease)).toBeUndefined();
    expect(await fresh().reservePlaces(concertId, 100, 'draw-1', lease)).toEqual(run(251, 100));
    expect(await drawer.reservePlaces(concertId, 10, 'draw-1', lease)).toEqual(run(351, 10));

    const shardKeys = Array.from({ length: shards }, (_, shard) => keys.roomShard(concertId, shard));
    const { Responses } = await table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: shardKeys, ConsistentRead: true } } }));
    expect((Responses?.[table.tableName] ?? []).reduce((sum, item) => sum + ((item.issued as number | undefined) ?? 0), 0)).toBe(260);
  });

  it('places an arrival during the draw behind it, on its next poll', async () => {
    const opensAt = clock.now() + 5_000;
    const concertId = await newConcert(opensAt);
    const early = await Promise.all(Array.from({ length: 10 }, () => take(concertId)));
    clock.current = opensAt;
    let straggler: Awaited<ReturnType<typeof take>> | undefined;
    const draws = new DynamoSaleDrawRepository(table.db, table.tableName, shards);
    // The arrival lands after the draw listed the pre-queue, before it finished: it stays in the pre-queue.
    const racing = wire(
      Object.assign(Object.create(draws) as SaleDrawRepository, {
        listPreQueue: async (id: string) => {
          const listed = await draws.listPreQueue(id);
          straggler = await take(concertId);
          return listed;
        },
      }),
    );
    expect(await racing.open(concertId)).toMatchObject({ outcome: 'opened', placed: 10 });
    expect(straggler).toMatchObject({ status: 'WAITING', position: null });
    freshRead();
    expect(await service.poll(straggler!.claims)).toMatchObject({ status: 'WAITING', position: 11 - policy.maxActiveTokens });
    expect((await stored(straggler!.claims)).ticket).toBe(11);
    const earlyPlaces = (await Promise.all(early.map((fan) => stored(fan.claims)))).map((token) => token.ticket);
    expect(earlyPlaces.every((place) => (place as number) <= 10)).toBe(true);
  });
});
