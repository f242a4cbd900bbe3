import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { sleep } from '../support/time';
import { tokenIdOf } from '../support/queue-tokens';

/** The contract: a slot freed by a leave, a payment or an expiry is refilled within 2 seconds. */
const refillBoundMs = 2_000;
/** How long the test waits for an admission at all: generous for a busy machine; the bound above is what counts. */
const patienceMs = 30_000;

/**
 * Slots refilled by events, not by the sweeper: the sweeper runs once a minute here, as on AWS, and the first run is a
 * minute away. Times are the server's own (the freed token's `endedAt`, the next token's `admittedAt`), so a slow
 * test client cannot make the service look slow; the test polls the table until the admission shows.
 */
describe('event-driven admission over HTTP (ADMISSION_INTERVAL_SECONDS=60)', () => {
  let server: TestServer;
  let concertId: string;
  let date: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_ACTIVE_TOKENS: '1', ADMISSION_INTERVAL_SECONDS: '60' }, admissionIntervalSeconds: 60 });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
    date = (await server.request('GET', `/concerts/${concertId}/dates`)).body.dates[0].date;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const storedToken = async (jwt: string) =>
    (await server.db.send(new GetCommand({ TableName: server.tableName, Key: queueTokenKey(tokenIdOf(jwt)), ConsistentRead: true }))).Item as Record<string, unknown>;

  const admittedAt = async (jwt: string): Promise<number> => {
    for (const started = Date.now(); Date.now() - started < patienceMs; await sleep(100)) {
      const token = await storedToken(jwt);
      if (token.status === 'ACTIVE') return token.admittedAt as number;
    }
    throw new Error('the waiter was never admitted');
  };

  /** Two fans of a fresh room: the first ACTIVE at once, the second WAITING at position 1. */
  const holderAndWaiter = async () => {
    const fans = [];
    for (const name of ['holder', 'waiter']) {
      const userKey = (await server.request('POST', '/users', { body: { name } })).body.userKey as string;
      const issued = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
      expect(issued.status).toBe(201);
      fans.push({ token: issued.body.token as string, status: issued.body.status as string });
    }
    expect(fans.map((fan) => fan.status)).toEqual(['ACTIVE', 'WAITING']);
    return { holder: fans[0]!, waiter: fans[1]! };
  };

  it('refills the slot of a fan who leaves within 2 s', async () => {
    const { holder, waiter } = await holderAndWaiter();

    expect((await server.request('DELETE', '/queue/tokens/me', { token: holder.token })).status).toBe(204);

    const endedAt = (await storedToken(holder.token)).endedAt as number;
    expect((await admittedAt(waiter.token)) - endedAt).toBeLessThanOrEqual(refillBoundMs);
    // The waiter leaves too, so the next test starts with an empty room.
    expect((await server.request('DELETE', '/queue/tokens/me', { token: waiter.token })).status).toBe(204);
  });

  it('refills the slot of a fan who pays within 2 s', async () => {
    const { holder, waiter } = await holderAndWaiter();
    const hold = await server.request('POST', '/reservations', { token: holder.token, body: { concertId, date, seatNo: 7 } });
    expect(hold.status).toBe(201);
    const charge = await server.request('POST', '/balance/charge', { token: holder.token, body: { amount: hold.body.price }, headers: { 'Idempotency-Key': 'charge-1' } });
    expect(charge.status).toBe(200);

    const payment = await server.request('POST', '/payments', {
      token: holder.token,
      body: { reservationId: hold.body.reservationId },
      headers: { 'Idempotency-Key': 'payment-1' },
    });
    expect(payment.status).toBe(201);

    const endedAt = (await storedToken(holder.token)).endedAt as number;
    expect((await admittedAt(waiter.token)) - endedAt).toBeLessThanOrEqual(refillBoundMs);
    expect((await server.request('DELETE', '/queue/tokens/me', { token: waiter.token })).status).toBe(204);
  });
});
