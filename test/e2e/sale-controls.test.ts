import { runAdmin } from '../../local/admin-cli';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

/**
 * The operator's controls over real HTTP: a per-concert room size, pause (nobody admitted, waiters keep their
 * places, ACTIVE fans keep holding and paying) and resume (free slots filled by the server within 2 s), through
 * `admin sale`, and the figures of `admin stats`.
 */
describe('local server over HTTP: per-concert room size, pause and resume', () => {
  let server: TestServer;
  let concertId: string;
  const date = '2099-12-24';

  /** Runs the admin CLI in-process against the server's table; returns its parsed stdout. */
  const admin = async (...args: string[]) => {
    let out = '';
    let err = '';
    const env = { TABLE_NAME: server.tableName, DYNAMODB_ENDPOINT: server.dynamodbEndpoint, MAX_ACTIVE_TOKENS: '5' };
    const exitCode = await runAdmin(args, env, { out: (text) => (out += text), err: (text) => (err += text) });
    return { exitCode, body: out ? JSON.parse(out) : undefined, err };
  };
  const fan = async (name: string) => {
    const user = await server.request('POST', '/users', { body: { name } });
    const token = await server.request('POST', '/queue/tokens', { token: user.body.userKey, body: { concertId } });
    expect(token.status).toBe(201);
    return token.body as { token: string; status: string; position: number };
  };
  const poll = async (token: string) => (await server.request('GET', '/queue/tokens/me', { token })).body;
  const room = async () => (await server.request('GET', `/concerts/${concertId}/queue`)).body;
  const listed = async () => (await server.request('GET', '/concerts')).body.concerts.find((c: { concertId: string }) => c.concertId === concertId);
  // The public views are reused for up to a second per instance.
  const fresh = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  /** Polls a waiter until the server has admitted it (it reacts to the sale change from the table stream). */
  const pollUntilActive = async (token: string) => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const view = await poll(token);
      if (view.status === 'ACTIVE') return view;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return poll(token);
  };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false, env: { MAX_ACTIVE_TOKENS: '5' } });
    const created = await admin('create-concert', '--title', 'Club Night', '--venue', 'Club', '--dates', date, '--seats', '10', '--price', '30000', '--max-active', '2');
    expect(created.exitCode).toBe(0);
    concertId = created.body.concertId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const active: string[] = [];
  const waiting: string[] = [];

  it('sizes the room per concert: two ACTIVE at once, then a line, whatever MAX_ACTIVE_TOKENS says', async () => {
    expect(await listed()).toEqual({ concertId, title: 'Club Night', venue: 'Club', saleOpensAt: null, status: 'ON_SALE' });
    for (const name of ['a', 'b', 'c', 'd']) {
      const issued = await fan(name);
      (issued.status === 'ACTIVE' ? active : waiting).push(issued.token);
    }
    expect(active).toHaveLength(2);
    expect(waiting).toHaveLength(2);
    expect(await room()).toMatchObject({ concertId, status: 'ON_SALE', saleOpensAt: null, waiting: 2, active: 2, maxActive: 2, admittedLastMinute: 2 });
  });

  it('pauses: the status says so, a freed slot stays empty, waiters keep their places', async () => {
    const paused = await admin('sale', '--concert', concertId, '--pause');
    expect(paused.exitCode).toBe(0);
    expect(paused.body).toEqual({ concertId, title: 'Club Night', venue: 'Club', saleOpensAt: null, status: 'PAUSED', maxActive: 2, paused: true });
    await fresh();
    expect((await listed()).status).toBe('PAUSED');
    expect((await room()).status).toBe('PAUSED');

    expect((await server.request('DELETE', '/queue/tokens/me', { token: active.shift() as string })).status).toBe(204);
    await server.sweepNow();
    // Nobody is told a wait: the room's pace says nothing of when the operator resumes.
    expect(await poll(waiting[0] as string)).toMatchObject({ status: 'WAITING', position: 1, estimatedWaitSeconds: null });
    expect(await poll(waiting[1] as string)).toMatchObject({ status: 'WAITING', position: 2, estimatedWaitSeconds: null });
    // A newcomer queues even though a slot is free.
    const newcomer = await fan('e');
    expect(newcomer).toMatchObject({ status: 'WAITING', position: 3, estimatedWaitSeconds: null });
    waiting.push(newcomer.token);
  });

  it('lets an ACTIVE fan hold and pay while paused', async () => {
    const token = active[0] as string;
    const hold = await server.request('POST', '/reservations', { token, body: { concertId, date, seatNo: 1 } });
    expect(hold.status).toBe(201);
    expect((await server.request('POST', '/balance/charge', { token, body: { amount: 30_000 }, headers: { 'idempotency-key': 'paused-charge' } })).status).toBe(200);
    const payment = await server.request('POST', '/payments', {
      token,
      body: { reservationId: hold.body.reservationId },
      headers: { 'idempotency-key': 'paused-payment' },
    });
    expect(payment.status).toBe(201);
    active.shift();
  });

  it('resumes: the server fills the free slots, in place order', async () => {
    const resumed = await admin('sale', '--concert', concertId, '--resume');
    expect(resumed.body).toMatchObject({ status: 'ON_SALE', paused: false });
    expect(await pollUntilActive(waiting[0] as string)).toMatchObject({ status: 'ACTIVE', position: 0 });
    expect(await pollUntilActive(waiting[1] as string)).toMatchObject({ status: 'ACTIVE', position: 0 });
    // A waiter's position may lag an admission by up to a second (the contract): read it after that.
    await fresh();
    expect(await poll(waiting[2] as string)).toMatchObject({ status: 'WAITING', position: 1 });
  });

  it('grows the room: the server admits the next waiter into a larger room', async () => {
    const grown = await admin('sale', '--concert', concertId, '--max-active', '3');
    expect(grown.body).toMatchObject({ maxActive: 3, status: 'ON_SALE' });
    expect(await pollUntilActive(waiting[2] as string)).toMatchObject({ status: 'ACTIVE', position: 0 });
    await fresh();
    expect(await room()).toMatchObject({ waiting: 0, active: 3, maxActive: 3 });
  });

  it('reports the sale: room counters, admissions of the last minute, seats sold and held, revenue', async () => {
    const hold = await server.request('POST', '/reservations', { token: waiting[0] as string, body: { concertId, date, seatNo: 2 } });
    expect(hold.status).toBe(201);
    const stats = await admin('stats', '--concert', concertId);
    expect(stats.exitCode).toBe(0);
    expect(stats.body).toEqual({
      concertId,
      status: 'ON_SALE',
      waiting: 0,
      active: 3,
      maxActive: 3,
      admittedLastMinute: expect.any(Number),
      sold: 1,
      held: 1,
      revenue: 30_000,
    });
    // Five admissions in all; the last three came from the resume and the larger room just now (a busy machine may
    // have taken more than a minute since the first two).
    expect(stats.body.admittedLastMinute).toBeGreaterThanOrEqual(3);
    expect(stats.body.admittedLastMinute).toBeLessThanOrEqual(5);
  });

  it('refuses a new opening for a sale that is already open, and an unknown concert, with exit 1', async () => {
    const moved = await admin('sale', '--concert', concertId, '--opens-at', '2099-01-01T00:00:00Z');
    expect(moved.exitCode).toBe(1);
    expect(moved.err).toMatch(/already opened/);
    const unknown = await admin('stats', '--concert', 'no-such-concert');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toMatch(/concert/);
  });
});
