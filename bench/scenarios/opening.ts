import { randomInt, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../../lambdas/adapters/dynamodb/queue-waiting-line';
import { DynamoSaleDrawRepository } from '../../lambdas/adapters/dynamodb/sale-draw-repository';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import { DynamoUserRepository } from '../../lambdas/adapters/dynamodb/user-repository';
import { JwtQueueTokens } from '../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../lambdas/adapters/jwt/signing-keys';
import { userKeys } from '../../lambdas/adapters/user-keys';
import { systemClock, uuidGenerator } from '../../lambdas/adapters/system';
import type { QueuePolicy } from '../../lambdas/domain/queue';
import { oneRunPerRoom } from '../../lambdas/use-cases/admission/admit-on-poll';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';
import { getMyQueueToken } from '../../lambdas/use-cases/queue/get-my-queue-token';
import { issueQueueToken } from '../../lambdas/use-cases/queue/issue-queue-token';
import type { BearerClaims } from '../../lambdas/use-cases/queue/ports';
import { openDueSales } from '../../lambdas/use-cases/sale/open-due-sales';
import { openSale } from '../../lambdas/use-cases/sale/open-sale';
import { admitWaiting } from '../../lambdas/use-cases/sweeper/admit-waiting';
import { sleep } from '../lib/fixtures';
import type { HotKeyReport } from '../lib/hot-keys';
import { HotKeyCounter } from '../lib/hot-keys';
import { spearman } from '../lib/stats';

export interface OpeningOptions {
  readonly fans: number;
  /** Fans arrive spread evenly over this long before the opening (the issue: a minute). */
  readonly arrivalWindowMs: number;
  readonly maxActive: number;
  readonly queueShards: number;
}

export interface OpeningResult {
  readonly fans: number;
  readonly arrivalWindowMs: number;
  /** Tokens issued before the opening that answered `position: null`. */
  readonly preQueued: number;
  /**
   * Of those, the ones answered before the opening: their tokens were written before the draw could start, so the
   * draw must place each. The others may be written while it runs and are placed behind it instead.
   */
  readonly preQueuedBeforeOpening: number;
  /** Writes per partition key while fans arrived and polled (table items; index partitions are listed apart). */
  readonly preQueueWrites: HotKeyReport;
  /** Writes per partition key from the opening on (the draw and the first admissions). */
  readonly drawWrites: HotKeyReport;
  /** Pre-queue index entries per partition (`PREQUEUE#c#shard`): one write each. */
  readonly preQueueIndexEntriesPerPartition: number;
  readonly drawMs: number;
  readonly placed: number;
  /** Opening to the first token admitted (its `admittedAt`). */
  readonly openingToFirstAdmissionMs: number;
  /** Arrival order against place, over every fan placed by the draw. */
  readonly spearmanRho: number;
  /** 1/√(n−1): the spread of ρ for a random order. */
  readonly rhoStandardError: number;
  /** Places are exactly 1..placed, each once. */
  readonly placesDense: boolean;
  /** Triggers of the opening that found it claimed or done. */
  readonly extraTriggers: readonly string[];
}

/**
 * The opening: `fans` arrive spread over the window before a sale's opening (pre-queue), poll to stay, and at
 * the opening the sale opener draws their places, triggered three times at once (the draw must happen once).
 * Drives the use cases directly against DynamoDB Local with the real clock; writes are counted per partition key
 * from the document client, so "no hot key before the opening" is measured, not assumed.
 */
export const runOpening = async (db: DynamoDBDocumentClient, tableName: string, options: OpeningOptions): Promise<OpeningResult> => {
  const policy: QueuePolicy = { maxActiveTokens: options.maxActive, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
  const counter = new HotKeyCounter();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      counter.observe(context.commandName ?? '', args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'benchWriteCounter' },
  );
  const codec = new JwtQueueTokens(new StaticSigningKeys(`bench-${randomUUID()}`));
  const tokens = new DynamoQueueTokenRepository(db, tableName, options.queueShards);
  const issuer = new DynamoQueueTokenIssuer(db, tableName, options.queueShards);
  const rooms = new DynamoRoomRepository(db, tableName, options.queueShards, systemClock);
  const concerts = new DynamoConcertRepository(db, tableName);
  const issue = issueQueueToken({ tokens: issuer, rooms, signer: codec, clock: systemClock, ids: uuidGenerator, policy });
  const admit = admitWaiting({ line: new DynamoWaitingLine(db, tableName, options.queueShards), rooms, tokens, clock: systemClock, policy });
  const poll = getMyQueueToken({ tokens, rooms, admitOnPoll: oneRunPerRoom(admit), clock: systemClock, policy });
  const open = openSale({
    concerts,
    draws: new DynamoSaleDrawRepository(db, tableName, options.queueShards),
    admit,
    clock: systemClock,
    ids: uuidGenerator,
    randomBelow: (n) => randomInt(n),
    policy,
  });

  const users = Array.from({ length: options.fans }, () => randomUUID());
  const userRepository = new DynamoUserRepository(db, tableName);
  for (let start = 0; start < users.length; start += 50) {
    await Promise.all(users.slice(start, start + 50).map((userId) => userRepository.createUser({ userId, name: 'bench fan' }, userKeys.newKey().hash)));
  }
  // Room for the setup above on a slow machine: the window starts only now.
  const opensAt = Date.now() + options.arrivalWindowMs + 2_000;
  const { concert } = await createConcert({ concerts, ids: uuidGenerator })({
    title: 'Opening bench',
    venue: 'Arena',
    dates: ['2099-12-24'],
    seatsPerDate: 10,
    price: 1000,
    saleOpensAtMs: opensAt,
  });

  counter.start();
  const arrivals: { order: number; claims: BearerClaims; preQueued: boolean; answeredBeforeOpening: boolean }[] = [];
  const pollEveryMs = 20_000;
  const fan = async (userId: string, index: number) => {
    await sleep(Math.max(0, opensAt - options.arrivalWindowMs + (index * options.arrivalWindowMs) / options.fans - Date.now()));
    if (Date.now() >= opensAt) return;
    const issued = await issue(userId, concert.concertId);
    const claims = await codec.verify(issued.jwt, Date.now());
    arrivals.push({ order: arrivals.length, claims, preQueued: issued.position === null, answeredBeforeOpening: Date.now() < opensAt });
    // Waiters poll to stay (well within the 120 s idle window) until the opening.
    while (opensAt - Date.now() > pollEveryMs) {
      await sleep(pollEveryMs);
      await poll(claims);
    }
  };
  const opener = openDueSales({ concerts, open, clock: systemClock, sleep, lookaheadMs: options.arrivalWindowMs + 10_000 });
  // The opener run and two more triggers wait for the opening together; exactly one of them draws.
  let preQueueWrites: HotKeyReport | undefined;
  const splitAtOpening = sleep(opensAt - Date.now()).then(() => {
    preQueueWrites = counter.report(5);
    counter.start();
  });
  const [, , ...openings] = await Promise.all([Promise.all(users.map(fan)), splitAtOpening, opener(), opener(), opener()]);
  counter.stop();
  const reports = openings.flat().map((settled) => (settled.status === 'fulfilled' ? settled.value : undefined));
  const drawn = reports.find((report) => report?.outcome === 'opened');
  if (!drawn) throw new Error(`the opening was not drawn: ${JSON.stringify(reports)}`);

  const stored = await Promise.all(
    arrivals.map(async (arrival) => (await db.send(new GetCommand({ TableName: tableName, Key: queueTokenKey(arrival.claims.tokenId), ConsistentRead: true }))).Item),
  );
  const placedArrivals = arrivals.map((arrival, index) => ({ ...arrival, item: stored[index] })).filter((arrival) => typeof arrival.item?.ticket === 'number');
  const places = placedArrivals.map((arrival) => arrival.item?.ticket as number);
  const admittedAt = placedArrivals.map((arrival) => arrival.item?.admittedAt).filter((at): at is number => typeof at === 'number');
  const sortedPlaces = [...places].sort((a, b) => a - b);
  const perPartition = new Map<number, number>();
  for (const arrival of placedArrivals) perPartition.set(arrival.item?.shard as number, (perPartition.get(arrival.item?.shard as number) ?? 0) + 1);

  return {
    fans: options.fans,
    arrivalWindowMs: options.arrivalWindowMs,
    preQueued: arrivals.filter((arrival) => arrival.preQueued).length,
    preQueuedBeforeOpening: arrivals.filter((arrival) => arrival.preQueued && arrival.answeredBeforeOpening).length,
    preQueueWrites: preQueueWrites as HotKeyReport,
    drawWrites: counter.report(5),
    preQueueIndexEntriesPerPartition: Math.max(0, ...perPartition.values()),
    drawMs: drawn.drawMs,
    placed: drawn.placed,
    openingToFirstAdmissionMs: admittedAt.length > 0 ? Math.min(...admittedAt) - opensAt : -1,
    spearmanRho: places.length > 1 ? spearman(placedArrivals.map((arrival) => arrival.order), places) : 0,
    rhoStandardError: places.length > 1 ? 1 / Math.sqrt(places.length - 1) : 1,
    placesDense: sortedPlaces.every((place, index) => place === index + 1),
    extraTriggers: reports.filter((report) => report !== drawn).map((report) => report?.outcome ?? 'failed'),
  };
};
