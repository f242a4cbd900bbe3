import { randomInt, randomUUID } from 'node:crypto';
import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../../../lambdas/adapters/dynamodb/queue-waiting-line';
import { DynamoSaleDrawRepository } from '../../../lambdas/adapters/dynamodb/sale-draw-repository';
import { DynamoUserRepository } from '../../../lambdas/adapters/dynamodb/user-repository';
import { JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import { userKeys } from '../../../lambdas/adapters/user-keys';
import type { QueuePolicy, QueueToken } from '../../../lambdas/domain/queue';
import type { RoomChange } from '../../../lambdas/use-cases/admission/ports';
import { reactToTokenChanges } from '../../../lambdas/use-cases/admission/react-to-token-changes';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import { issueQueueToken } from '../../../lambdas/use-cases/queue/issue-queue-token';
import { changeSale } from '../../../lambdas/use-cases/sale/change-sale';
import { openSale } from '../../../lambdas/use-cases/sale/open-sale';
import { admitWaiting } from '../../../lambdas/use-cases/sweeper/admit-waiting';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const shards = 8;

/**
 * The server's reaction to `admin sale` (queue-token-events) against DynamoDB Local, with the triggers overlapping as
 * they do in production: several stream batches carrying the same concert change (parallel batches, redeliveries),
 * the sale opener and (for a resize) the sweeper at once. Whatever the overlap, the opening is drawn once, every waiter holds one
 * place, and the room never holds more than the server's size, which the operator's command never sees.
 */
describe('reaction to a sale change under concurrent triggers (DynamoDB Local)', () => {
  let table: TestTable;
  const clock = { current: Date.UTC(2031, 0, 1), now() { return this.current; } };
  /** The server's settings: a room of 3 by default. */
  const policy: QueuePolicy = { maxActiveTokens: 3, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
  const codec = new JwtQueueTokens(new StaticSigningKeys('sale-change-secret'));

  const wire = () => {
    const tokens = new DynamoQueueTokenRepository(table.db, table.tableName, shards);
    const issuer = new DynamoQueueTokenIssuer(table.db, table.tableName, shards);
    const rooms = new DynamoRoomRepository(table.db, table.tableName, shards, clock);
    const concerts = new DynamoConcertRepository(table.db, table.tableName);
    const admit = admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms, tokens, clock, policy });
    const open = openSale({
      concerts,
      draws: new DynamoSaleDrawRepository(table.db, table.tableName, shards),
      admit,
      clock,
      ids: uuidGenerator,
      randomBelow: (n) => randomInt(n),
      policy,
    });
    return {
      tokens,
      admit,
      open,
      issue: issueQueueToken({ tokens: issuer, rooms, signer: codec, clock, ids: uuidGenerator, policy }),
      react: reactToTokenChanges({ admit, open, expiries: { scheduleExpiry: async () => undefined } }),
      // The operator's command: it only writes.
      changeSale: changeSale({ concerts, clock }),
    };
  };
  let server: ReturnType<typeof wire>;

  beforeAll(async () => {
    table = await createTestTable();
    server = wire();
  });

  /** A concert of one date with 10 seats, on sale at once or (`opensInAnHour`) with an opening an hour ahead. */
  const concertTitled = async (title: string, options: { opensInAnHour?: boolean } = {}) =>
    (
      await createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
        title,
        venue: 'Hall',
        dates: ['2099-12-24'],
        seatsPerDate: 10,
        price: 1000,
        ...(options.opensInAnHour ? { saleOpensAtMs: clock.now() + 3_600_000 } : {}),
      })
    ).concert;

  const fansOf = async (concertId: string, count: number): Promise<string[]> =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const userId = randomUUID();
        await new DynamoUserRepository(table.db, table.tableName).createUser({ userId, name: 'fan' }, userKeys.newKey().hash);
        return (await codec.verify((await server.issue(userId, concertId)).jwt, clock.now())).tokenId;
      }),
    );
  const storedTokens = async (tokenIds: readonly string[]): Promise<QueueToken[]> =>
    Promise.all(tokenIds.map(async (tokenId) => (await server.tokens.findToken(tokenId)) as QueueToken));
  const activeOf = (tokens: readonly QueueToken[]) => tokens.filter((token) => token.status === 'ACTIVE');
  const placesOf = (tokens: readonly QueueToken[]) => tokens.map((token) => token.ticket as number).sort((a, b) => a - b);
  const placesUpTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);
  /**
   * The same change delivered in `batches` stream batches at once, beside `others` (the sale opener, the sweeper); a
   * change whose reaction failed (a transaction conflict among them) is delivered again, as the stream does, up to the
   * mapping's 5 retries. Answers the changes still failing after those.
   */
  const overlappingTriggers = async (concertId: string, batches: number, others: readonly (() => Promise<unknown>)[]): Promise<number> => {
    const change: RoomChange = { kind: 'saleChanged', concertId };
    const [outcomes] = await Promise.all([Promise.all(Array.from({ length: batches }, () => server.react([change]))), ...others.map((other) => other())]);
    let failing = outcomes.reduce((sum, outcome) => sum + outcome.failed.size, 0);
    for (let retry = 0; retry < 5 && failing > 0; retry += 1) failing = (await server.react([change])).failed.size;
    return failing;
  };

  it('draws an opening moved to now once and fills the room to the server’s size, however many triggers overlap', async () => {
    const concert = await concertTitled('Moved Forward', { opensInAnHour: true });
    const fans = await fansOf(concert.concertId, 40);

    await server.changeSale({ concertId: concert.concertId, saleOpensAtMs: clock.now() });
    // The command drew and admitted nothing itself.
    expect(activeOf(await storedTokens(fans))).toHaveLength(0);

    clock.current += 1;
    expect(await overlappingTriggers(concert.concertId, 8, [() => server.open(concert.concertId), () => server.admit(concert.concertId)])).toBe(0);

    const tokens = await storedTokens(fans);
    expect(placesOf(tokens)).toEqual(placesUpTo(40));
    expect(placesOf(activeOf(tokens))).toEqual(placesUpTo(policy.maxActiveTokens));
  });

  it('admits in place order while admission runs (the sweeper, polls, other stream batches) overlap a draw of several blocks', async () => {
    const concert = await concertTitled('Busy Opening', { opensInAnHour: true });
    // Three of the draw's blocks of 100, and a room that reaches into the second.
    const fans = await fansOf(concert.concertId, 250);
    await server.changeSale({ concertId: concert.concertId, saleOpensAtMs: clock.now(), maxActive: 130 });
    clock.current += 1;

    let drawing = true;
    const draw = server.open(concert.concertId).finally(() => {
      drawing = false;
    });
    // Runs that start while places are being written, one after another in each of four loops, until the draw ends.
    const beside = async () => {
      while (drawing) await server.admit(concert.concertId);
    };
    const [opening] = await Promise.all([draw, beside(), beside(), beside(), beside()]);
    expect(opening.outcome).toBe('opened');

    const tokens = await storedTokens(fans);
    expect(placesOf(tokens)).toEqual(placesUpTo(250));
    expect(placesOf(activeOf(tokens))).toEqual(placesUpTo(130));
  });

  it('fills a larger room exactly to its new size, in place order, however many triggers overlap', async () => {
    const concert = await concertTitled('Growing Room');
    const fans: string[] = [];
    // One at a time, so that issue order is place order.
    for (let index = 0; index < 30; index += 1) fans.push(...(await fansOf(concert.concertId, 1)));
    expect(activeOf(await storedTokens(fans))).toHaveLength(policy.maxActiveTokens);

    await server.changeSale({ concertId: concert.concertId, maxActive: 12 });
    expect(await overlappingTriggers(concert.concertId, 8, [() => server.open(concert.concertId), () => server.admit(concert.concertId)])).toBe(0);

    expect(placesOf(activeOf(await storedTokens(fans)))).toEqual(placesUpTo(12));
  });
});
