import { runAdmin } from '../../local/admin-cli';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { sleep } from '../support/time';

/**
 * A sale that opens a few seconds after its fans arrive, over real HTTP: before the opening every token waits
 * without a position; at the opening (drawn by the local sale opener, no sweeper) they all get places 1..n, a later
 * arrival queues behind them, and admission follows the places. Waits poll for states, never for fixed times.
 */
describe('local server over HTTP: a scheduled opening with a pre-queue', () => {
  let server: TestServer;
  let concertId: string;
  const maxActive = 3;
  const early: { token: string }[] = [];

  const newFanKey = async (name: string): Promise<string> => (await server.request('POST', '/users', { body: { name } })).body.userKey;
  const takeToken = async (userKey: string) => {
    const response = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
    expect(response.status).toBe(201);
    return response.body as { token: string; status: string; position: number | null; estimatedWaitSeconds: number | null; pollAfterSeconds: number };
  };
  const poll = async (token: string) => (await server.request('GET', '/queue/tokens/me', { token })).body;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false, env: { MAX_ACTIVE_TOKENS: String(maxActive) } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('takes tokens before the opening: WAITING, position and estimate null, the room UPCOMING', async () => {
    const keys = await Promise.all(Array.from({ length: 12 }, (_, index) => newFanKey(`early ${index}`)));
    // Far enough ahead for a busy machine to issue every early token before it.
    const opensAt = new Date(Date.now() + 15_000).toISOString();
    let out = '';
    const created = await runAdmin(
      ['create-concert', '--title', 'Opening Night', '--venue', 'Arena', '--dates', '2099-12-24', '--seats', '20', '--price', '10000', '--sale-opens-at', opensAt],
      { TABLE_NAME: server.tableName, DYNAMODB_ENDPOINT: server.dynamodbEndpoint },
      { out: (text) => (out += text), err: () => undefined },
    );
    expect(created).toBe(0);
    concertId = JSON.parse(out).concertId;

    for (const key of keys) {
      const issued = await takeToken(key);
      expect(issued).toMatchObject({ status: 'WAITING', position: null, estimatedWaitSeconds: null });
      early.push(issued);
    }
    expect(await poll(early[0]!.token)).toMatchObject({ status: 'WAITING', position: null, estimatedWaitSeconds: null });
    const listed = (await server.request('GET', '/concerts')).body.concerts.find((concert: { concertId: string }) => concert.concertId === concertId);
    expect(listed).toMatchObject({ saleOpensAt: opensAt, status: 'UPCOMING' });
    expect((await server.request('GET', `/concerts/${concertId}/queue`)).body).toMatchObject({ status: 'UPCOMING', saleOpensAt: opensAt, waiting: 0, active: 0 });
  });

  it('gives every early token a place at the opening: places 1..n, the first ones admitted', async () => {
    // Waiters keep polling (they must, to stay) until the opening has placed them.
    let views: { status: string; position: number | null }[] = [];
    const positionsOf = (seen: typeof views) => seen.filter((view) => view.status === 'WAITING').map((view) => view.position as number).sort((a, b) => a - b);
    // Places maxActive+1..n, seen as positions behind the admitted: each exactly once.
    const line = Array.from({ length: early.length - maxActive }, (_, index) => index + 1);
    for (let attempt = 0; attempt < 120; attempt += 1) {
      views = await Promise.all(early.map((fan) => poll(fan.token)));
      // Positions may lag an admission by a second (each function instance caches the served count): on a busy
      // machine one batch of polls can mix instances that read it before and after the first admissions.
      const admitted = views.filter((view) => view.status === 'ACTIVE').length;
      if (views.every((view) => view.position !== null) && admitted === maxActive && positionsOf(views).join() === line.join()) break;
      await sleep(500);
    }
    expect(views.filter((view) => view.status === 'ACTIVE')).toHaveLength(maxActive);
    expect(positionsOf(views)).toEqual(line);
    const room = (await server.request('GET', `/concerts/${concertId}/queue`)).body;
    expect(room).toMatchObject({ active: maxActive, maxActive });
  });

  it('queues an arrival after the opening behind everyone drawn', async () => {
    const late = await takeToken(await newFanKey('late'));
    expect(late).toMatchObject({ status: 'WAITING', position: early.length - maxActive + 1 });
    // An estimate needs the line seen moving for 10 s: null until then, then a wait.
    expect(late.estimatedWaitSeconds === null || late.estimatedWaitSeconds > 0).toBe(true);
    expect(late.pollAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('admits by place: the slot an ACTIVE fan frees goes to position 1', async () => {
    const views = await Promise.all(early.map(async (fan) => ({ fan, view: await poll(fan.token) })));
    const leaving = views.find(({ view }) => view.status === 'ACTIVE')!;
    const first = views.find(({ view }) => view.status === 'WAITING' && view.position === 1)!;
    const second = views.find(({ view }) => view.status === 'WAITING' && view.position === 2)!;
    expect((await server.request('DELETE', '/queue/tokens/me', { token: leaving.fan.token })).status).toBe(204);
    await server.sweepNow();
    expect(await poll(first.fan.token)).toMatchObject({ status: 'ACTIVE', position: 0 });
    // The position may lag an admission by a second (cached served count); it only ever goes down.
    let secondView = await poll(second.fan.token);
    for (let attempt = 0; attempt < 20 && secondView.position !== 1; attempt += 1) {
      await sleep(200);
      secondView = await poll(second.fan.token);
    }
    expect(secondView).toMatchObject({ status: 'WAITING', position: 1 });
  });
});
