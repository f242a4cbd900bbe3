import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { seatKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import { concertSeeder } from '../support/concerts';
import type { SeededConcert } from '../support/concerts';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { sleep } from '../support/time';

const holdTtlSeconds = 2;

interface Fan {
  readonly userId: string;
  readonly userKey: string;
}

/**
 * The seed's journey over real HTTP, in steps that each arrange their own concert (a one-slot waiting room unless
 * they need more) and fans, so any step runs alone or in any order: user -> token -> ACTIVE -> dates -> seats ->
 * hold (expires, seat comes back) -> charge -> hold -> pay -> seat SOLD, token expired -> the next fan is admitted
 * into the freed slot. Holds last two seconds.
 */
describe('local server over HTTP: the fan journey', () => {
  let server: TestServer;
  let seedConcert: ReturnType<typeof concertSeeder>;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false, env: { HOLD_TTL_SECONDS: String(holdTtlSeconds) } });
    seedConcert = concertSeeder(server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const registerFan = async (name = 'fan'): Promise<Fan> => {
    const response = await server.request('POST', '/users', { body: { name } });
    expect(response.status).toBe(201);
    return { userId: response.body.userId, userKey: response.body.userKey };
  };

  /** A fan with a queue token for the concert; `expected` is the status the token must have at issue. */
  const fanInRoom = async (concert: SeededConcert, expected: 'ACTIVE' | 'WAITING') => {
    const fan = await registerFan();
    const issued = await server.request('POST', '/queue/tokens', { token: fan.userKey, body: { concertId: concert.concertId } });
    expect(issued.status).toBe(201);
    expect(issued.body.status).toBe(expected);
    return { ...fan, token: issued.body.token as string };
  };

  const seatMap = async ({ concertId, date }: SeededConcert, token: string) => {
    const response = await server.request('GET', `/concerts/${concertId}/dates/${date}/seats`, { token });
    expect(response.status).toBe(200);
    return new Map((response.body.seats as { seatNo: number; status: string }[]).map((seat) => [seat.seatNo, seat.status]));
  };

  /** Charges first, so the two-second hold only has to last until the payment on a busy machine. */
  const holdChargeAndPay = async ({ concertId, date }: SeededConcert, fan: { token: string }, seatNo: number) => {
    const charge = await server.request('POST', '/balance/charge', {
      token: fan.token,
      body: { amount: 70_000 },
      headers: { 'idempotency-key': `charge-seat-${seatNo}` },
    });
    expect(charge.status).toBe(200);
    const hold = await server.request('POST', '/reservations', { token: fan.token, body: { concertId, date, seatNo } });
    expect(hold.status).toBe(201);
    const payment = await server.request('POST', '/payments', {
      token: fan.token,
      body: { reservationId: hold.body.reservationId },
      headers: { 'idempotency-key': `pay-${hold.body.reservationId}` },
    });
    expect(payment.status).toBe(201);
    return { hold, charge, payment };
  };

  it('admits the first fan at once and queues the second at position 1', async () => {
    const concert = await seedConcert({ maxActive: 1 });
    const first = await fanInRoom(concert, 'ACTIVE');
    const second = await server.request('POST', '/queue/tokens', { token: (await registerFan()).userKey, body: { concertId: concert.concertId } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: 'WAITING', position: 1 });
    expect((await server.request('GET', '/queue/tokens/me', { token: first.token })).body).toMatchObject({ status: 'ACTIVE', position: 0 });

    const status = await server.request('GET', `/concerts/${concert.concertId}/queue`);
    expect(status.body).toEqual({
      concertId: concert.concertId,
      status: 'ON_SALE',
      saleOpensAt: null,
      waiting: 1,
      active: 1,
      maxActive: 1,
      admittedLastMinute: 1,
    });
  });

  it('keeps a waiting fan out of the seat map', async () => {
    const concert = await seedConcert({ maxActive: 1 });
    await fanInRoom(concert, 'ACTIVE');
    const waiting = await fanInRoom(concert, 'WAITING');
    const response = await server.request('GET', `/concerts/${concert.concertId}/dates/${concert.date}/seats`, { token: waiting.token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('TOKEN_NOT_ACTIVE');
  });

  it('lists the open date and shows an active fan every seat, all available', async () => {
    const concert = await seedConcert({ seatsPerDate: 50 });
    const dates = await server.request('GET', `/concerts/${concert.concertId}/dates`);
    expect(dates.body.dates).toEqual([{ date: concert.date, price: 50_000, totalSeats: 50, availableSeats: 50, grades: [{ grade: 'STANDARD', price: 50_000, availableSeats: 50 }] }]);
    const seats = await seatMap(concert, (await fanInRoom(concert, 'ACTIVE')).token);
    expect(seats.size).toBe(50);
    expect([...seats.values()].every((status) => status === 'AVAILABLE')).toBe(true);
  });

  it('lets a hold expire: the seat comes back at once and the release message frees it for good', async () => {
    const concert = await seedConcert();
    const fan = await fanInRoom(concert, 'ACTIVE');
    const hold = await server.request('POST', '/reservations', { token: fan.token, body: { concertId: concert.concertId, date: concert.date, seatNo: 1 } });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ status: 'HELD', seatNo: 1, price: 50_000 });
    expect((await seatMap(concert, fan.token)).get(1)).toBe('HELD');

    await sleep(holdTtlSeconds * 1000 + 200);

    expect((await seatMap(concert, fan.token)).get(1)).toBe('AVAILABLE');
    const reservation = await server.request('GET', `/reservations/${hold.body.reservationId}`, { token: fan.token });
    expect(reservation.body.status).toBe('EXPIRED');

    // The outbox frees the stored seat too: table stream -> release scheduler -> delayed message (SQS on AWS) -> release.
    let stored: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 50 && stored?.status !== 'AVAILABLE'; attempt += 1) {
      await sleep(100);
      stored = (await server.db.send(new GetCommand({ TableName: server.tableName, Key: seatKey(concert.concertId, concert.date, 1) }))).Item;
    }
    expect(stored?.status).toBe('AVAILABLE');
  });

  it('holds, charges and pays: the seat is SOLD, the balance debited, the token expired', async () => {
    const concert = await seedConcert();
    const fan = await fanInRoom(concert, 'ACTIVE');
    const { hold, charge, payment } = await holdChargeAndPay(concert, fan, 2);
    expect(charge.body).toEqual({ userId: fan.userId, balance: 70_000, charged: 70_000 });
    expect(payment.body).toMatchObject({ reservationId: hold.body.reservationId, amount: 50_000, balance: 20_000, status: 'CONFIRMED' });

    const poll = await server.request('GET', '/queue/tokens/me', { token: fan.token });
    expect(poll.status).toBe(401);
    expect(poll.body.error.code).toBe('INVALID_TOKEN');
    const seat = await server.db.send(new GetCommand({ TableName: server.tableName, Key: seatKey(concert.concertId, concert.date, 2) }));
    expect(seat.Item).toMatchObject({ status: 'SOLD', ownerId: fan.userId });
  });

  it('admits the next fan into the slot a payment freed, who sees the seat SOLD', async () => {
    const concert = await seedConcert({ maxActive: 1 });
    const payer = await fanInRoom(concert, 'ACTIVE');
    const next = await fanInRoom(concert, 'WAITING');
    await holdChargeAndPay(concert, payer, 2);

    await server.sweepNow();
    const poll = await server.request('GET', '/queue/tokens/me', { token: next.token });
    expect(poll.body).toMatchObject({ status: 'ACTIVE', position: 0 });

    const seats = await seatMap(concert, next.token);
    expect(seats.get(2)).toBe('SOLD');
    expect(seats.get(1)).toBe('AVAILABLE');
    const held = await server.request('POST', '/reservations', { token: next.token, body: { concertId: concert.concertId, date: concert.date, seatNo: 2 } });
    expect(held.status).toBe(409);
    expect(held.body.error.code).toBe('SEAT_ALREADY_RESERVED');
  });

  it('lets a fan who paid take a new token', async () => {
    const concert = await seedConcert();
    const payer = await fanInRoom(concert, 'ACTIVE');
    await holdChargeAndPay(concert, payer, 3);
    const again = await server.request('POST', '/queue/tokens', { token: payer.userKey, body: { concertId: concert.concertId } });
    expect(again.status).toBe(201);
  });

  it('lets a fan leave the room, after which the token is refused', async () => {
    const concert = await seedConcert();
    const fan = await fanInRoom(concert, 'ACTIVE');
    expect((await server.request('DELETE', '/queue/tokens/me', { token: fan.token })).status).toBe(204);
    expect((await server.request('GET', '/queue/tokens/me', { token: fan.token })).status).toBe(401);
  });
});
