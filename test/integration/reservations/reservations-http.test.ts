import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { userRegistry } from '../../support/users';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import { countBy, holdWorld, readSeat, readUserDateSeats } from './hold-fixtures';

process.env.JWT_SECRET ??= 'reservation-http-tests-jwt-secret-0123456789';
process.env.MAX_SEATS_PER_USER = '2';
process.env.HOLD_TTL_SECONDS = '300';

const date = '2099-12-24';

describe('reservations over HTTP (DynamoDB Local)', () => {
  let table: TestTable;
  let handlers: Record<'issueToken' | 'hold' | 'get' | 'cancel' | 'seats', HttpHandler>;

  beforeAll(async () => {
    table = await createTestTable();
    handlers = {
      issueToken: (await import('../../../lambdas/handlers/issue-queue-token')).handler,
      hold: (await import('../../../lambdas/handlers/hold-seat')).handler,
      get: (await import('../../../lambdas/handlers/get-reservation')).handler,
      cancel: (await import('../../../lambdas/handlers/cancel-reservation')).handler,
      seats: (await import('../../../lambdas/handlers/list-seats')).handler,
    };
  });

  const world = () => holdWorld(table);

  /** A real queue token from POST /queue/tokens: an empty room admits at once, so it is ACTIVE. */
  const activeToken = async (userKey: string, concertId: string): Promise<string> => {
    const response = await invoke(handlers.issueToken, { method: 'POST', rawPath: '/queue/tokens', body: { concertId }, token: userKey });
    expect(response.body.status).toBe('ACTIVE');
    return response.body.token as string;
  };
  const fan = async (concertId: string) => {
    const { userId, userKey } = await userRegistry(table)();
    return { userId, userKey, token: await activeToken(userKey, concertId) };
  };
  const hold = (token: string | undefined, body: unknown) =>
    invoke(handlers.hold, { method: 'POST', rawPath: '/reservations', body, ...(token ? { token } : {}) });
  const get = (token: string, reservationId: string) =>
    invoke(handlers.get, { rawPath: `/reservations/${reservationId}`, pathParameters: { reservationId }, token });
  const cancel = (token: string, reservationId: string) =>
    invoke(handlers.cancel, { method: 'DELETE', rawPath: `/reservations/${reservationId}`, pathParameters: { reservationId }, token });
  const seatMap = (token: string, concertId: string) =>
    invoke(handlers.seats, { rawPath: `/concerts/${concertId}/dates/${date}/seats`, pathParameters: { concertId, date }, token });

  it('holds a seat (201), shows it to its owner (200), and cancels it (204) so the seat is available again', async () => {
    const concertId = await world().newConcert(3);
    const { token } = await fan(concertId);
    const before = Date.now();

    const held = await hold(token, { concertId, date, seatNo: 2 });

    expect(held.statusCode).toBe(201);
    expect(Object.keys(held.body).sort()).toEqual(['concertId', 'date', 'expiresAt', 'price', 'reservationId', 'seatNo', 'seatNos', 'status']);
    expect(held.body).toMatchObject({ concertId, date, seatNos: [2], seatNo: 2, price: 50_000, status: 'HELD' });
    const expiresAt = Date.parse(held.body.expiresAt);
    expect(held.body.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    expect((await seatMap(token, concertId)).body.seats[1]).toEqual({ seatNo: 2, status: 'HELD', price: 50_000, grade: 'STANDARD' });

    const shown = await get(token, held.body.reservationId);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toEqual(held.body);

    const cancelled = await cancel(token, held.body.reservationId);
    expect(cancelled.statusCode).toBe(204);
    expect(cancelled.body).toBeUndefined();
    expect((await get(token, held.body.reservationId)).body.status).toBe('CANCELLED');
    expect((await seatMap(token, concertId)).body.seats[1]).toEqual({ seatNo: 2, status: 'AVAILABLE', price: 50_000, grade: 'STANDARD' });
  });

  it('answers the contract errors of POST /reservations', async () => {
    const concertId = await world().newConcert(4);
    const [first, second] = [await fan(concertId), await fan(concertId)];
    await hold(first.token, { concertId, date, seatNo: 1 });

    const expectError = async (response: Awaited<ReturnType<typeof hold>>, statusCode: number, code: string) => {
      expect({ statusCode: response.statusCode, code: response.body?.error?.code }).toEqual({ statusCode, code });
    };
    await expectError(await hold(second.token, { concertId, date, seatNo: 1 }), 409, 'SEAT_ALREADY_RESERVED');
    await expectError(await hold(second.token, { concertId, date, seatNo: 5 }), 404, 'SEAT_NOT_FOUND');
    await expectError(await hold(second.token, { concertId, date: '2099-12-31', seatNo: 1 }), 404, 'SEAT_NOT_FOUND');
    await hold(first.token, { concertId, date, seatNo: 2 });
    await expectError(await hold(first.token, { concertId, date, seatNo: 3 }), 409, 'SEAT_LIMIT_EXCEEDED');
    await expectError(await hold(second.token, { concertId, date, seatNo: 0 }), 400, 'VALIDATION_ERROR');
    await expectError(await hold(second.token, { concertId, date, seatNo: 3, price: 1 }), 400, 'VALIDATION_ERROR');
    await expectError(await hold(undefined, { concertId, date, seatNo: 3 }), 401, 'INVALID_TOKEN');
    const otherConcertId = await world().newConcert(1);
    await expectError(await hold(second.token, { concertId: otherConcertId, date, seatNo: 1 }), 403, 'TOKEN_CONCERT_MISMATCH');
  });

  it('holds several seats with seatNos (201, no v1 seatNo) and refuses malformed seat lists with 400 naming the field', async () => {
    const concertId = await world().newConcert(4);
    const { token } = await fan(concertId);
    const expectError = async (response: Awaited<ReturnType<typeof hold>>, statusCode: number, code: string, message?: RegExp) => {
      expect({ statusCode: response.statusCode, code: response.body?.error?.code }).toEqual({ statusCode, code });
      if (message) expect(response.body.error.message).toMatch(message);
    };

    await expectError(await hold(token, { concertId, date, seatNos: [1, 2], seatNo: 3 }), 400, 'VALIDATION_ERROR', /seatNos: give exactly one of/);
    await expectError(await hold(token, { concertId, date }), 400, 'VALIDATION_ERROR', /seatNos/);
    await expectError(await hold(token, { concertId, date, seatNos: [] }), 400, 'VALIDATION_ERROR', /seatNos/);
    await expectError(await hold(token, { concertId, date, seatNos: [1, 1] }), 400, 'VALIDATION_ERROR', /seatNos: must be distinct seat numbers/);
    await expectError(await hold(token, { concertId, date, seatNos: [1, 'x'] }), 400, 'VALIDATION_ERROR', /seatNos/);
    await expectError(await hold(token, { concertId, date, seatNos: Array.from({ length: 91 }, (_, index) => index + 1) }), 400, 'VALIDATION_ERROR');
    // MAX_SEATS_PER_USER is 2 in this file.
    await expectError(await hold(token, { concertId, date, seatNos: [1, 2, 3] }), 409, 'SEAT_LIMIT_EXCEEDED');

    const held = await hold(token, { concertId, date, seatNos: [4, 3] });
    expect(held.statusCode).toBe(201);
    expect(held.body).toEqual({
      reservationId: expect.any(String),
      concertId,
      date,
      seatNos: [3, 4],
      price: 100_000,
      status: 'HELD',
      expiresAt: expect.any(String),
    });
    expect((await get(token, held.body.reservationId)).body).toEqual(held.body);
  });

  it("hides another user's reservation (404) and refuses to cancel what is not HELD (409)", async () => {
    const concertId = await world().newConcert(2);
    const [owner, stranger] = [await fan(concertId), await fan(concertId)];
    const { reservationId } = (await hold(owner.token, { concertId, date, seatNo: 1 })).body;

    expect((await get(stranger.token, reservationId)).body.error.code).toBe('RESERVATION_NOT_FOUND');
    expect((await get(owner.token, 'no-such-reservation')).statusCode).toBe(404);
    const strangerCancel = await cancel(stranger.token, reservationId);
    expect({ statusCode: strangerCancel.statusCode, code: strangerCancel.body.error.code }).toEqual({ statusCode: 404, code: 'RESERVATION_NOT_FOUND' });

    expect((await cancel(owner.token, reservationId)).statusCode).toBe(204);
    const again = await cancel(owner.token, reservationId);
    expect({ statusCode: again.statusCode, code: again.body.error.code }).toEqual({ statusCode: 409, code: 'RESERVATION_NOT_CANCELLABLE' });
  });

  it('answers one 201 and only 409s, never a 5xx, when many fans hold the same seat at once', async () => {
    const concertId = await world().newConcert(1);
    const fans = await Promise.all(Array.from({ length: 50 }, () => fan(concertId)));

    const responses = await Promise.all(fans.map(({ token }) => hold(token, { concertId, date, seatNo: 1 })));

    expect(countBy(responses.map((response) => `${response.statusCode} ${response.body.error?.code ?? response.body.status}`))).toEqual({
      '201 HELD': 1,
      '409 SEAT_ALREADY_RESERVED': 49,
    });
    const winner = responses.find((response) => response.statusCode === 201)?.body;
    expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'HELD', reservationId: winner.reservationId });
    const counters = await Promise.all(fans.map(({ userId }) => readUserDateSeats(table, userId, concertId, date)));
    expect(counters.filter((counter) => counter !== undefined)).toHaveLength(1);
  });
});
