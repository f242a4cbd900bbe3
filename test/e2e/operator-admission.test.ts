import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { concertKey } from '../../lambdas/adapters/dynamodb/entities/concert';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import { runAdmin } from '../../local/admin-cli';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { sleep } from '../support/time';
import { tokenIdOf } from '../support/queue-tokens';

/** The contract: resuming fills the free slots within 2 seconds. */
const refillBoundMs = 2_000;
/** How long the test waits for an admission at all: generous for a busy machine; the bound above is what counts. */
const patienceMs = 30_000;
/** How long the room is watched after the admission it waited for: time for a second, wrong admission to show. */
const watchMs = 3_000;

/**
 * `admin sale` run from a shell whose settings differ from the server's (no MAX_ACTIVE_TOKENS, another QUEUE_SHARDS):
 * the CLI only writes the change, and the server admits (and draws) with its own settings. The server's room holds 1
 * and its sweeper is a minute away, so only the server's reaction to the change can fill a slot; the room is watched
 * in the table (every token of the concert, read consistently) and must never hold more than 1.
 */
describe('admin sale with settings other than the server’s: the server admits with its own', () => {
  let server: TestServer;
  /** The CLI in a shell with the server's table and none of its settings (MAX_ACTIVE_TOKENS 100), plus `settings`. */
  const adminWith = async (settings: Record<string, string>, ...args: string[]) => {
    let out = '';
    let err = '';
    const env = { TABLE_NAME: server.tableName, DYNAMODB_ENDPOINT: server.dynamodbEndpoint, ...settings };
    const exitCode = await runAdmin(args, env, { out: (text) => (out += text), err: (text) => (err += text) });
    expect({ exitCode, err }).toEqual({ exitCode: 0, err: '' });
    return JSON.parse(out);
  };
  const admin = (...args: string[]) => adminWith({}, ...args);
  /** A CLI told another shard count than the server's 8: it would read (and draw into) the wrong partitions. */
  const adminWithTwoShards = (...args: string[]) => adminWith({ QUEUE_SHARDS: '2' }, ...args);
  const fans = async (concertId: string, count: number) => {
    const tokens: { token: string; status: string }[] = [];
    for (let index = 0; index < count; index += 1) {
      const userKey = (await server.request('POST', '/users', { body: { name: `fan ${index}` } })).body.userKey as string;
      const issued = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
      expect(issued.status).toBe(201);
      tokens.push({ token: issued.body.token as string, status: issued.body.status as string });
    }
    return tokens;
  };
  const storedToken = async (jwt: string) =>
    (await server.db.send(new GetCommand({ TableName: server.tableName, Key: queueTokenKey(tokenIdOf(jwt)), ConsistentRead: true }))).Item as Record<string, unknown>;
  const saleChangedAt = async (concertId: string) =>
    (await server.db.send(new GetCommand({ TableName: server.tableName, Key: concertKey(concertId), ConsistentRead: true }))).Item?.saleChangedAt as number;

  /**
   * Watches the tokens until `admissions` of `candidates` are ACTIVE, then `watchMs` longer; answers the most ACTIVE
   * tokens seen at once among `all` and the admission times of the candidates admitted.
   */
  const watchRoom = async (all: readonly string[], candidates: readonly string[], admissions: number) => {
    let mostActive = 0;
    let admittedAt: number[] = [];
    let watchUntil = Date.now() + patienceMs;
    let reached = false;
    while (Date.now() < watchUntil) {
      const stored = await Promise.all(all.map(storedToken));
      mostActive = Math.max(mostActive, stored.filter((token) => token.status === 'ACTIVE').length);
      admittedAt = stored.filter((token, index) => candidates.includes(all[index] as string) && token.status === 'ACTIVE').map((token) => token.admittedAt as number);
      if (!reached && admittedAt.length >= admissions) {
        reached = true;
        watchUntil = Date.now() + watchMs;
      }
      await sleep(100);
    }
    return { mostActive, admittedAt };
  };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false, env: { MAX_ACTIVE_TOKENS: '1', QUEUE_SHARDS: '8' }, admissionIntervalSeconds: 60 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('a paused room of 1 with three waiters', () => {
    let concertId: string;
    let tokens: string[];

    beforeAll(async () => {
      concertId = (await admin('create-concert', '--title', 'Small Room', '--venue', 'Club', '--dates', '2099-12-24', '--seats', '10', '--price', '1000')).concertId;
      const issued = await fans(concertId, 4);
      expect(issued.map((fan) => fan.status)).toEqual(['ACTIVE', 'WAITING', 'WAITING', 'WAITING']);
      tokens = issued.map((fan) => fan.token);
      expect(await admin('sale', '--concert', concertId, '--pause')).toMatchObject({ status: 'PAUSED', paused: true });
      // The holder leaves while paused: the slot stays empty.
      expect((await server.request('DELETE', '/queue/tokens/me', { token: tokens[0] as string })).status).toBe(204);
    });

    it('resumes: the server fills the one free slot within 2 s, never a second one', async () => {
      // The CLI's own room size (MAX_ACTIVE_TOKENS 100 in its shell) is printed, but it admits nothing with it.
      expect(await admin('sale', '--concert', concertId, '--resume')).toMatchObject({ status: 'ON_SALE', paused: false });
      const resumedAt = await saleChangedAt(concertId);

      const { mostActive, admittedAt } = await watchRoom(tokens, tokens.slice(1), 1);
      expect(mostActive).toBe(1);
      // The first in line, not another.
      expect((await storedToken(tokens[1] as string)).status).toBe('ACTIVE');
      expect(admittedAt).toHaveLength(1);
      expect((admittedAt[0] as number) - resumedAt).toBeLessThanOrEqual(refillBoundMs);
    });

    it('grows the room: the server admits the next in line, whatever shards the CLI was told', async () => {
      expect(await adminWithTwoShards('sale', '--concert', concertId, '--max-active', '2')).toMatchObject({ maxActive: 2 });
      const grownAt = await saleChangedAt(concertId);

      const { mostActive, admittedAt } = await watchRoom(tokens, tokens.slice(2), 1);
      expect(mostActive).toBe(2);
      expect((await storedToken(tokens[2] as string)).status).toBe('ACTIVE');
      expect((await storedToken(tokens[3] as string)).status).toBe('WAITING');
      expect((admittedAt[0] as number) - grownAt).toBeLessThanOrEqual(refillBoundMs);
    });
  });

  it('draws an opening moved to now with the server’s settings: places for all, one admitted', async () => {
    const opensAt = new Date(Date.now() + 3_600_000).toISOString();
    const { concertId } = await admin('create-concert', '--title', 'Early Birds', '--venue', 'Hall', '--dates', '2099-12-25', '--seats', '10', '--price', '1000', '--sale-opens-at', opensAt);
    const tokens = (await fans(concertId, 4)).map((fan) => fan.token);

    expect(await adminWithTwoShards('sale', '--concert', concertId, '--opens-at', new Date(Date.now() - 1_000).toISOString())).toMatchObject({ status: 'ON_SALE' });

    const { mostActive } = await watchRoom(tokens, tokens, 1);
    expect(mostActive).toBe(1);
    const stored = await Promise.all(tokens.map(storedToken));
    // Every pre-queue token has its place (the draw used the server's shards), one of them is ACTIVE.
    expect(stored.map((token) => token.status).sort()).toEqual(['ACTIVE', 'WAITING', 'WAITING', 'WAITING']);
    expect(stored.filter((token) => token.status === 'WAITING').every((token) => typeof token.ticket === 'number')).toBe(true);
  });
});
