import type { DynamoDbLocal } from '../../local/dynamodb-local';
import { startDynamoDbLocalOnFreePort } from '../../local/dynamodb-local';
import { publicViewMaxAgeMs } from '../../lambdas/adapters/recent-results';
import { apiFunctionTimeoutSeconds, httpRoutes } from '../../lambdas/routes';
import type { RequestOptions, TestResponse, TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

/** Room for a busy machine's event loop between the deadline's 503 and the client reading it. */
const answerSlackMs = 3_000;

interface Probe {
  readonly path: string;
  readonly options?: RequestOptions;
  /** A route that reads no storage answers as usual during the stall. */
  readonly storageFree?: { readonly status: number };
}

/**
 * The store stalls (its own DynamoDB Local, frozen with SIGSTOP): every route still answers within the function's
 * time-out, with the contract's 503 and Retry-After, the authenticated ones included; nothing asked during the
 * stall is applied once the store thaws. Every HTTP route must have a probe here, so a new route is covered.
 */
describe('local server over HTTP: a stalled store', () => {
  let dynamo: DynamoDbLocal;
  let server: TestServer;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocalOnFreePort({ dataDir: ':memory:' });
    server = await startTestServer({ dynamodbEndpoint: dynamo.endpoint, env: { MAX_ACTIVE_TOKENS: '10' } });
  }, 120_000);

  afterAll(async () => {
    dynamo?.resume();
    await server?.stop();
    await dynamo?.stop();
  });

  it('answers every route with 503 and Retry-After within the time-out, and applies nothing asked meanwhile', async () => {
    const newUser = async (name: string) => (await server.request('POST', '/users', { body: { name } })).body as { userId: string; userKey: string };
    const fan = await newUser('stalled fan');
    const other = await newUser('second fan');
    const concert = (await server.request('GET', '/concerts')).body.concerts[0] as { concertId: string };
    const date = (await server.request('GET', `/concerts/${concert.concertId}/dates`)).body.dates[0].date as string;
    const issued = await server.request('POST', '/queue/tokens', { token: fan.userKey, body: { concertId: concert.concertId } });
    expect(issued.body.status).toBe('ACTIVE');
    const token = issued.body.token as string;
    const hold = await server.request('POST', '/reservations', { token, body: { concertId: concert.concertId, date, seatNo: 1 } });
    expect(hold.status).toBe(201);
    const reservationId = hold.body.reservationId as string;

    const probes: Record<string, Probe> = {
      'GET /health': { path: '/health' },
      'GET /challenge': { path: '/challenge', storageFree: { status: 200 } },
      'POST /users': { path: '/users', options: { body: { name: 'arrives during the stall' } } },
      'POST /users/me/key': { path: '/users/me/key', options: { token: other.userKey } },
      'GET /concerts': { path: '/concerts' },
      'GET /concerts/{concertId}/dates': { path: `/concerts/${concert.concertId}/dates` },
      'GET /concerts/{concertId}/dates/{date}/seats': { path: `/concerts/${concert.concertId}/dates/${date}/seats`, options: { token } },
      'GET /concerts/{concertId}/queue': { path: `/concerts/${concert.concertId}/queue` },
      'POST /queue/tokens': { path: '/queue/tokens', options: { token: other.userKey, body: { concertId: concert.concertId } } },
      'GET /queue/tokens': { path: `/queue/tokens?concertId=${concert.concertId}`, options: { token: fan.userKey } },
      'GET /queue/tokens/me': { path: '/queue/tokens/me', options: { token } },
      'DELETE /queue/tokens/me': { path: '/queue/tokens/me', options: { token } },
      'POST /reservations': { path: '/reservations', options: { token, body: { concertId: concert.concertId, date, seatNo: 2 } } },
      'GET /reservations': { path: '/reservations', options: { token } },
      'GET /reservations/{reservationId}': { path: `/reservations/${reservationId}`, options: { token } },
      'DELETE /reservations/{reservationId}': { path: `/reservations/${reservationId}`, options: { token } },
      'POST /reservations/{reservationId}/refund': {
        path: `/reservations/${reservationId}/refund`,
        options: { token: fan.userKey, body: {}, headers: { 'idempotency-key': 'refund-in-stall' } },
      },
      'GET /balance': { path: '/balance', options: { token } },
      'GET /balance/ledger': { path: '/balance/ledger', options: { token } },
      'POST /balance/charge': { path: '/balance/charge', options: { token, body: { amount: 1_000 }, headers: { 'idempotency-key': 'charge-in-stall' } } },
      'POST /payments': { path: '/payments', options: { token, body: { reservationId }, headers: { 'idempotency-key': 'pay-in-stall' } } },
    };
    const routes = httpRoutes.map((route) => `${route.method} ${route.path}`);
    expect(routes.filter((route) => !(route in probes))).toEqual([]);

    // Public views are reused for a second within an instance: let them age so every probe reaches the store.
    await new Promise((resolve) => setTimeout(resolve, publicViewMaxAgeMs + 100));
    dynamo.pause();
    const answers = await Promise.all(
      routes.map(async (route) => {
        const startedAt = Date.now();
        const { path, options, storageFree } = probes[route]!;
        const response: TestResponse = await server.request(route.split(' ')[0]!, path, options);
        return { route, storageFree, status: response.status, code: response.body?.error?.code, retryAfter: response.headers.get('retry-after'), ms: Date.now() - startedAt };
      }),
    );
    dynamo.resume();

    for (const answer of answers) {
      if (answer.storageFree) expect({ route: answer.route, status: answer.status }).toEqual({ route: answer.route, ...answer.storageFree });
      else
        expect({ route: answer.route, status: answer.status, code: answer.code, retryAfter: answer.retryAfter !== null }).toEqual({
          route: answer.route,
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          retryAfter: true,
        });
      expect(answer.ms).toBeLessThan(apiFunctionTimeoutSeconds * 1_000 + answerSlackMs);
    }

    // Thawed: the service answers again, and what was asked during the stall did not happen.
    expect((await server.request('GET', '/health')).status).toBe(200);
    expect((await server.request('GET', '/queue/tokens/me', { token })).body.status).toBe('ACTIVE');
    expect((await server.request('GET', `/reservations/${reservationId}`, { token })).body.status).toBe('HELD');
    expect((await server.request('GET', '/balance', { token })).body.balance).toBe(0);
    expect((await server.request('POST', '/queue/tokens', { token: fan.userKey, body: { concertId: concert.concertId } })).status).toBe(409);
  }, 180_000);
});
