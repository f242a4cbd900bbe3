import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { sleep } from '../support/time';
import { tokenIdOf } from '../support/queue-tokens';

/**
 * An ACTIVE token's expiry is scheduled at admission, so its slot is refilled at its deadline, not at the next
 * sweep (a minute away here, as on AWS). Its own file: the short active lifetime needs its own server.
 */
describe('event-driven admission over HTTP: ACTIVE expiry (ADMISSION_INTERVAL_SECONDS=60)', () => {
  const activeTtlSeconds = 3;
  let server: TestServer;
  let concertId: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { MAX_ACTIVE_TOKENS: '1', ADMISSION_INTERVAL_SECONDS: '60', ACTIVE_TOKEN_TTL_SECONDS: String(activeTtlSeconds) },
      admissionIntervalSeconds: 60,
    });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refills the slot of an ACTIVE token that expires within 2 s of its deadline, without the sweeper', async () => {
    const jwts = [];
    for (const name of ['holder', 'waiter']) {
      const userKey = (await server.request('POST', '/users', { body: { name } })).body.userKey as string;
      jwts.push((await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } })).body.token as string);
    }
    const [holder, waiter] = jwts as [string, string];
    const read = async (jwt: string) =>
      (await server.db.send(new GetCommand({ TableName: server.tableName, Key: queueTokenKey(tokenIdOf(jwt)), ConsistentRead: true }))).Item as Record<string, unknown>;
    const deadline = (await read(holder)).expiresAt as number;
    expect((await read(waiter)).status).toBe('WAITING');

    let admitted: Record<string, unknown> | undefined;
    for (const started = Date.now(); !admitted && Date.now() - started < 30_000; await sleep(100)) {
      const token = await read(waiter);
      if (token.status === 'ACTIVE') admitted = token;
    }
    expect(admitted).toBeDefined();
    expect((await read(holder)).status).toBe('EXPIRED');
    expect(admitted!.admittedAt as number).toBeGreaterThanOrEqual(deadline);
    expect((admitted!.admittedAt as number) - deadline).toBeLessThanOrEqual(2_000);
  });
});
