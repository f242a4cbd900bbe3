/**
 * Walks the whole fan journey against any base URL (local server or a deployed stage), printing each step
 * with its latency; exits non-zero on the first deviation from the contract (docs/api.md). Every response
 * is also checked against docs/openapi.json (method, path, status and body schema).
 *   npm run smoke -- --url http://localhost:3000 [--admission-timeout 90]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Challenge } from '../lambdas/domain/challenge';
import { solveChallengeHeader } from '../local/challenge-solver';
import { assertMatchesContract } from '../test/support/openapi-contract';

interface Reply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field below
  readonly headers: Headers;
}

class ContractDeviation extends Error {}

const { values } = parseArgs({ options: { url: { type: 'string' }, 'admission-timeout': { type: 'string', default: '90' } } });
if (!values.url) {
  console.error('usage: npm run smoke -- --url <base-url> [--admission-timeout <seconds>]');
  process.exit(2);
}
const baseUrl = values.url.replace(/\/$/, '');
const admissionTimeoutMs = Number(values['admission-timeout']) * 1000;

const call = async (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  assertMatchesContract({ method, path, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: text });
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
};

/** A solved proof of work for the next POST /users or POST /queue/tokens (sent even where the check is off). */
const solvedChallenge = async (): Promise<Record<string, string>> => {
  const reply = await call('GET', '/challenge');
  expectStatus(reply, 200);
  return { 'x-challenge': (await solveChallengeHeader(reply.body as Challenge)).header };
};

const expectStatus = (reply: Reply, status: number, code?: string): void => {
  if (reply.status !== status || (code !== undefined && reply.body?.error?.code !== code)) {
    throw new ContractDeviation(`expected ${status}${code ? ` ${code}` : ''}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
};

const check = (condition: boolean, message: string): void => {
  if (!condition) throw new ContractDeviation(message);
};

let stepNumber = 0;
const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  stepNumber += 1;
  const started = performance.now();
  try {
    const result = await run();
    console.log(`ok   ${String(stepNumber).padStart(2)}  ${name.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
    return result;
  } catch (error) {
    console.log(`FAIL ${String(stepNumber).padStart(2)}  ${name}: ${(error as Error).message}`);
    throw error;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitUntilActive = async (token: string): Promise<void> => {
  const deadline = Date.now() + admissionTimeoutMs;
  for (;;) {
    const reply = await call('GET', '/queue/tokens/me', { token });
    expectStatus(reply, 200);
    if (reply.body.status === 'ACTIVE') return;
    check(reply.body.position >= 1, `a WAITING token must have position >= 1, got ${reply.body.position}`);
    check(Number.isInteger(reply.body.pollAfterSeconds) && reply.body.pollAfterSeconds >= 1, `pollAfterSeconds must be an integer >= 1, got ${reply.body.pollAfterSeconds}`);
    if (Date.now() > deadline) throw new ContractDeviation(`still WAITING at position ${reply.body.position} after ${admissionTimeoutMs / 1000}s`);
    // The server paces polls.
    await sleep(reply.body.pollAfterSeconds * 1000);
  }
};

const journey = async (): Promise<void> => {
  console.log(`smoke test against ${baseUrl}`);
  await step('GET /health is ok', async () => {
    const reply = await call('GET', '/health');
    expectStatus(reply, 200);
    check(reply.body.status === 'ok', 'status is not ok');
  });
  await step('unknown route is 404 NOT_FOUND', async () => expectStatus(await call('GET', `/no-such-route-${randomUUID()}`), 404, 'NOT_FOUND'));
  await step('GET /challenge hands out a proof-of-work challenge; it is solved', async () => {
    const reply = await call('GET', '/challenge');
    expectStatus(reply, 200);
    check(reply.body.algorithm === 'SHA-256' && reply.body.maxnumber >= 1, `unexpected challenge ${JSON.stringify(reply.body)}`);
    const solved = await solveChallengeHeader(reply.body as Challenge);
    console.log(`     (maxnumber ${reply.body.maxnumber}: solved in ${solved.solveMs.toFixed(0)} ms)`);
  });
  await step('POST /users with an unknown field is 400', async () =>
    expectStatus(await call('POST', '/users', { body: { name: 'smoke', admin: true } }), 400, 'VALIDATION_ERROR'),
  );
  await step('POST /users with malformed JSON is 400', async () => expectStatus(await call('POST', '/users', { body: '{"name":' }), 400, 'VALIDATION_ERROR'));
  const { userId, userKey: firstKey } = await step('POST /users registers a fan and returns their user key', async () => {
    const reply = await call('POST', '/users', { body: { name: 'smoke-test fan' }, headers: await solvedChallenge() });
    expectStatus(reply, 201);
    check(/^uk_[A-Za-z0-9_-]{40,}$/.test(reply.body.userKey), 'no user key in the answer');
    return reply.body as { userId: string; userKey: string };
  });
  await step('the user key reads the balance (GET /balance)', async () => {
    const reply = await call('GET', '/balance', { token: firstKey });
    expectStatus(reply, 200);
    check(reply.body.userId === userId && reply.body.balance === 0, `unexpected balance ${JSON.stringify(reply.body)}`);
  });
  const userKey = await step('POST /users/me/key replaces the key; the old one is 401', async () => {
    const reply = await call('POST', '/users/me/key', { token: firstKey });
    expectStatus(reply, 200);
    check(reply.body.userId === userId && reply.body.userKey !== firstKey, `unexpected rotation ${JSON.stringify(reply.body)}`);
    expectStatus(await call('GET', '/balance', { token: firstKey }), 401, 'INVALID_TOKEN');
    return reply.body.userKey as string;
  });
  const concertId = await step('GET /concerts lists at least one concert', async () => {
    const reply = await call('GET', '/concerts');
    expectStatus(reply, 200);
    check(Array.isArray(reply.body.concerts) && reply.body.concerts.length > 0, 'no concerts (seed one with npm run admin)');
    return reply.body.concerts[0].concertId as string;
  });
  const date = await step('GET /concerts/{id}/dates lists a bookable date', async () => {
    const reply = await call('GET', `/concerts/${concertId}/dates`);
    expectStatus(reply, 200);
    check(reply.body.dates.length > 0, 'no date with available seats');
    return reply.body.dates[0].date as string;
  });
  await step('POST /queue/tokens without a user key is 401 INVALID_TOKEN', async () =>
    expectStatus(await call('POST', '/queue/tokens', { body: { concertId }, headers: await solvedChallenge() }), 401, 'INVALID_TOKEN'),
  );
  const token = await step('POST /queue/tokens issues a token to the user of the key', async () => {
    const reply = await call('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: await solvedChallenge() });
    expectStatus(reply, 201);
    check(['WAITING', 'ACTIVE'].includes(reply.body.status), `unexpected status ${reply.body.status}`);
    return reply.body.token as string;
  });
  await step('the token names its signing key (kid) and expires with the token (minutes, not a day)', async () => {
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    check(typeof header?.kid === 'string' && header.kid.length > 0, `no kid in ${JSON.stringify(header)}`);
    check((payload?.exp as number) - (payload?.iat as number) <= 3600, `exp is more than an hour after iat: ${JSON.stringify(payload)}`);
  });
  await step('GET /queue/tokens?concertId= gives the live token back to the user key (same token, fresh signature)', async () => {
    const reply = await call('GET', `/queue/tokens?concertId=${encodeURIComponent(concertId)}`, { token: userKey });
    expectStatus(reply, 200);
    const jtiOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { jti?: string }).jti;
    check(jtiOf(reply.body.token as string) === jtiOf(token), 'a different token came back');
  });
  await step('a second token for the same fan is 409 TOKEN_ALREADY_ISSUED', async () =>
    expectStatus(await call('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: await solvedChallenge() }), 409, 'TOKEN_ALREADY_ISSUED'),
  );
  await step('the user key is 401 on a queue-token route', async () =>
    expectStatus(await call('GET', '/queue/tokens/me', { token: userKey }), 401, 'INVALID_TOKEN'),
  );
  await step('a tampered token is 401 INVALID_TOKEN', async () => {
    const reply = await call('GET', '/queue/tokens/me', { token: `${token.slice(0, -4)}AAAA` });
    expectStatus(reply, 401, 'INVALID_TOKEN');
  });
  await step('the token becomes ACTIVE', () => waitUntilActive(token));
  const seats = await step('GET .../seats shows the seat map with grades', async () => {
    const reply = await call('GET', `/concerts/${concertId}/dates/${date}/seats`, { token });
    expectStatus(reply, 200);
    const available = (reply.body.seats as { seatNo: number; status: string; price: number; grade: string }[]).filter(
      (candidate) => candidate.status === 'AVAILABLE',
    );
    check(available.length >= 2, 'fewer than two AVAILABLE seats');
    check(available.every((candidate) => typeof candidate.grade === 'string'), 'a seat without its grade');
    return available.slice(0, 2);
  });
  const seatNos = seats.map((candidate) => candidate.seatNo);
  const total = seats.reduce((sum, candidate) => sum + candidate.price, 0);
  const seat = seats[0]!;
  const reservationId = await step('POST /reservations holds two seats in one reservation (seatNos)', async () => {
    const reply = await call('POST', '/reservations', { token, body: { concertId, date, seatNos } });
    expectStatus(reply, 201);
    check(
      reply.body.status === 'HELD' && reply.body.price === total && JSON.stringify(reply.body.seatNos) === JSON.stringify([...seatNos].sort((a, b) => a - b)),
      `unexpected reservation ${JSON.stringify(reply.body)}`,
    );
    return reply.body.reservationId as string;
  });
  await step('holding one of them again (v1 seatNo form) is 409 SEAT_ALREADY_RESERVED', async () =>
    expectStatus(await call('POST', '/reservations', { token, body: { concertId, date, seatNo: seat.seatNo } }), 409, 'SEAT_ALREADY_RESERVED'),
  );
  await step('a fractional charge is 400 INVALID_AMOUNT', async () =>
    expectStatus(await call('POST', '/balance/charge', { token, body: { amount: 10.5 }, headers: { 'idempotency-key': randomUUID() } }), 400, 'INVALID_AMOUNT'),
  );
  const chargeKey = randomUUID();
  await step('POST /balance/charge adds the total price', async () => {
    const reply = await call('POST', '/balance/charge', { token, body: { amount: total }, headers: { 'idempotency-key': chargeKey } });
    expectStatus(reply, 200);
    check(reply.body.balance === total && reply.body.charged === total, `unexpected charge ${JSON.stringify(reply.body)}`);
  });
  await step('the same charge retried with its key is applied once', async () => {
    const reply = await call('POST', '/balance/charge', { token, body: { amount: total }, headers: { 'idempotency-key': chargeKey } });
    expectStatus(reply, 200);
    const balance = await call('GET', '/balance', { token });
    check(balance.body.balance === total, `balance ${balance.body.balance} after a retried charge`);
  });
  const paymentKey = randomUUID();
  const payment = await step('POST /payments confirms the whole reservation in one payment', async () => {
    const reply = await call('POST', '/payments', { token, body: { reservationId }, headers: { 'idempotency-key': paymentKey } });
    expectStatus(reply, 201);
    check(reply.body.status === 'CONFIRMED' && reply.body.amount === total && reply.body.balance === 0, `unexpected payment ${JSON.stringify(reply.body)}`);
    return reply.body as { paymentId: string };
  });
  await step('the retried payment returns the original 201', async () => {
    const reply = await call('POST', '/payments', { token, body: { reservationId }, headers: { 'idempotency-key': paymentKey } });
    expectStatus(reply, 201);
    check(reply.body.paymentId === payment.paymentId, 'a retried payment created another payment');
  });
  await step('the paying token is expired (401)', async () => expectStatus(await call('GET', '/queue/tokens/me', { token }), 401, 'INVALID_TOKEN'));
  const nextToken = await step('a new token can be issued after paying', async () => {
    const reply = await call('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: await solvedChallenge() });
    expectStatus(reply, 201);
    return reply.body.token as string;
  });
  await step('the reservation reads CONFIRMED (with the user key)', async () => {
    const reply = await call('GET', `/reservations/${reservationId}`, { token: userKey });
    expectStatus(reply, 200);
    check(reply.body.status === 'CONFIRMED', `status ${reply.body.status}`);
  });
  await step('both seats show SOLD', async () => {
    await waitUntilActive(nextToken);
    const reply = await call('GET', `/concerts/${concertId}/dates/${date}/seats`, { token: nextToken });
    expectStatus(reply, 200);
    for (const seatNo of seatNos) {
      const sold = (reply.body.seats as { seatNo: number; status: string }[]).find((candidate) => candidate.seatNo === seatNo);
      check(sold?.status === 'SOLD', `seat ${seatNo} is ${sold?.status}`);
    }
  });
  await step('GET /reservations lists it first, CONFIRMED', async () => {
    const reply = await call('GET', '/reservations', { token: userKey });
    expectStatus(reply, 200);
    check(reply.body.reservations[0]?.reservationId === reservationId && reply.body.reservations[0]?.status === 'CONFIRMED', `unexpected list ${JSON.stringify(reply.body)}`);
  });
  await step('GET /balance/ledger shows the payment first, and the entries sum to the balance', async () => {
    const reply = await call('GET', '/balance/ledger', { token: userKey });
    expectStatus(reply, 200);
    const entries = reply.body.entries as { kind: string; amount: number; reservationId?: string }[];
    check(entries[0]?.kind === 'PAYMENT' && entries[0].amount === -total && entries[0].reservationId === reservationId, `unexpected ledger ${JSON.stringify(entries)}`);
    check(entries.reduce((sum, entry) => sum + entry.amount, 0) === 0, 'the ledger does not sum to the balance (0)');
  });
  const refundKey = randomUUID();
  await step('POST /reservations/{id}/refund gives the whole price back', async () => {
    const reply = await call('POST', `/reservations/${reservationId}/refund`, { token: userKey, body: {}, headers: { 'idempotency-key': refundKey } });
    expectStatus(reply, 200);
    check(reply.body.status === 'REFUNDED' && reply.body.refunded === total && reply.body.balance === total, `unexpected refund ${JSON.stringify(reply.body)}`);
  });
  await step('a second refund is 409 RESERVATION_NOT_REFUNDABLE', async () =>
    expectStatus(
      await call('POST', `/reservations/${reservationId}/refund`, { token: userKey, body: {}, headers: { 'idempotency-key': randomUUID() } }),
      409,
      'RESERVATION_NOT_REFUNDABLE',
    ),
  );
  await step('the refunded seats are AVAILABLE again', async () => {
    const reply = await call('GET', `/concerts/${concertId}/dates/${date}/seats`, { token: nextToken });
    expectStatus(reply, 200);
    for (const seatNo of seatNos) {
      const seat = (reply.body.seats as { seatNo: number; status: string }[]).find((candidate) => candidate.seatNo === seatNo);
      check(seat?.status === 'AVAILABLE', `seat ${seatNo} is ${seat?.status}`);
    }
  });
  await step('DELETE /queue/tokens/me leaves the room', async () => {
    expectStatus(await call('DELETE', '/queue/tokens/me', { token: nextToken }), 204);
    expectStatus(await call('GET', '/queue/tokens/me', { token: nextToken }), 401, 'INVALID_TOKEN');
  });
};

journey().then(
  () => console.log('smoke test passed'),
  (error: unknown) => {
    if (!(error instanceof ContractDeviation)) console.error(error);
    console.error('smoke test FAILED');
    process.exit(1);
  },
);
