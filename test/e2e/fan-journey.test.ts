import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/adapters/dynamodb/table';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

const holdTtlSeconds = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The seed's whole journey over real HTTP, with a one-slot waiting room and two-second holds:
 * user -> token -> ACTIVE -> dates -> seats -> hold (expires, seat comes back) -> hold -> charge -> pay ->
 * seat SOLD, token expired -> the next fan is admitted into the freed slot.
 */
describe('local server over HTTP: the fan journey', () => {
  let server: TestServer;
  let concertId: string;
  let date: string;
  const fan = { userId: '', userKey: '', token: '' };
  const nextFan = { userId: '', userKey: '', token: '' };

  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_ACTIVE_TOKENS: '1', HOLD_TTL_SECONDS: String(holdTtlSeconds) } });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const seatMap = async (token: string) => {
    const response = await server.request('GET', `/concerts/${concertId}/dates/${date}/seats`, { token });
    expect(response.status).toBe(200);
    return new Map((response.body.seats as { seatNo: number; status: string }[]).map((seat) => [seat.seatNo, seat.status]));
  };

  it('registers two fans', async () => {
    for (const [who, name] of [
      [fan, 'first fan'],
      [nextFan, 'second fan'],
    ] as const) {
      const response = await server.request('POST', '/users', { body: { name } });
      expect(response.status).toBe(201);
      who.userId = response.body.userId;
      who.userKey = response.body.userKey;
    }
  });

  it('admits the first fan at once and queues the second at position 1', async () => {
    const first = await server.request('POST', '/queue/tokens', { token: fan.userKey, body: { concertId } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'ACTIVE', position: 0 });
    fan.token = first.body.token;

    const second = await server.request('POST', '/queue/tokens', { token: nextFan.userKey, body: { concertId } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: 'WAITING', position: 1 });
    nextFan.token = second.body.token;

    const status = await server.request('GET', `/concerts/${concertId}/queue`);
    expect(status.body).toEqual({ concertId, status: 'ON_SALE', saleOpensAt: null, waiting: 1, active: 1, maxActive: 1, admittedLastMinute: 1 });
  });

  it('keeps the waiting fan out of the seat map', async () => {
    date = (await server.request('GET', `/concerts/${concertId}/dates`)).body.dates[0].date;
    const response = await server.request('GET', `/concerts/${concertId}/dates/${date}/seats`, { token: nextFan.token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('TOKEN_NOT_ACTIVE');
  });

  it('shows the active fan every seat, all available', async () => {
    const seats = await seatMap(fan.token);
    expect(seats.size).toBe(50);
    expect([...seats.values()].every((status) => status === 'AVAILABLE')).toBe(true);
  });

  it('lets a hold expire: the seat comes back at once and the release message frees it for good', async () => {
    const hold = await server.request('POST', '/reservations', { token: fan.token, body: { concertId, date, seatNo: 1 } });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ status: 'HELD', seatNo: 1, price: 50_000 });
    expect((await seatMap(fan.token)).get(1)).toBe('HELD');

    await sleep(holdTtlSeconds * 1000 + 200);

    expect((await seatMap(fan.token)).get(1)).toBe('AVAILABLE');
    const reservation = await server.request('GET', `/reservations/${hold.body.reservationId}`, { token: fan.token });
    expect(reservation.body.status).toBe('EXPIRED');

    // The outbox frees the stored seat too: table stream -> release scheduler -> delayed message (SQS on AWS) -> release.
    let stored: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 50 && stored?.status !== 'AVAILABLE'; attempt += 1) {
      await sleep(100);
      stored = (await server.db.send(new GetCommand({ TableName: server.tableName, Key: keys.seat(concertId, date, 1) }))).Item;
    }
    expect(stored?.status).toBe('AVAILABLE');
  });

  it('holds, charges and pays: the seat is SOLD, the balance debited, the token expired', async () => {
    const hold = await server.request('POST', '/reservations', { token: fan.token, body: { concertId, date, seatNo: 2 } });
    expect(hold.status).toBe(201);

    const charge = await server.request('POST', '/balance/charge', { token: fan.token, body: { amount: 70_000 } });
    expect(charge.status).toBe(200);
    expect(charge.body).toEqual({ userId: fan.userId, balance: 70_000, charged: 70_000 });

    const payment = await server.request('POST', '/payments', { token: fan.token, body: { reservationId: hold.body.reservationId } });
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ reservationId: hold.body.reservationId, amount: 50_000, balance: 20_000, status: 'CONFIRMED' });

    const poll = await server.request('GET', '/queue/tokens/me', { token: fan.token });
    expect(poll.status).toBe(401);
    expect(poll.body.error.code).toBe('INVALID_TOKEN');
  });

  it('admits the next fan into the slot the payment freed, who sees the seat SOLD', async () => {
    await server.sweepNow();
    const poll = await server.request('GET', '/queue/tokens/me', { token: nextFan.token });
    expect(poll.body).toMatchObject({ status: 'ACTIVE', position: 0 });

    const seats = await seatMap(nextFan.token);
    expect(seats.get(2)).toBe('SOLD');
    expect(seats.get(1)).toBe('AVAILABLE');

    const held = await server.request('POST', '/reservations', { token: nextFan.token, body: { concertId, date, seatNo: 2 } });
    expect(held.status).toBe(409);
    expect(held.body.error.code).toBe('SEAT_ALREADY_RESERVED');
  });

  it('lets the paying fan take a new token, and a fan who leaves is out', async () => {
    const again = await server.request('POST', '/queue/tokens', { token: fan.userKey, body: { concertId } });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('WAITING');

    expect((await server.request('DELETE', '/queue/tokens/me', { token: nextFan.token })).status).toBe(204);
    expect((await server.request('GET', '/queue/tokens/me', { token: nextFan.token })).status).toBe(401);
  });
});
