import { balanceChangeItems } from '../../../lambdas/adapters/dynamodb/balance-repository';
import { userProfileKey } from '../../../lambdas/adapters/dynamodb/entities/user';
import { transactWrite } from '../../../lambdas/adapters/dynamodb/transactions';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { fixedClock, paymentWorld, sum } from '../../support/payment-fixtures';

jest.setTimeout(120_000);
process.env.MAX_SEATS_PER_USER = '30';

describe('history over HTTP (DynamoDB Local)', () => {
  let table: TestTable;
  let world: PaymentWorld;
  let handlers: { reservations: HttpHandler; ledger: HttpHandler };

  beforeAll(async () => {
    table = await createTestTable();
    world = paymentWorld(table);
    handlers = {
      reservations: (await import('../../../lambdas/handlers/list-reservations')).handler,
      ledger: (await import('../../../lambdas/handlers/list-ledger')).handler,
    };
  });

  const listReservations = (jwt: string | undefined, cursor?: string) =>
    invoke(handlers.reservations, {
      rawPath: '/reservations',
      ...(cursor === undefined ? {} : { rawQueryString: `cursor=${encodeURIComponent(cursor)}` }),
      ...(jwt ? { token: jwt } : {}),
    });
  const listLedger = (jwt: string, cursor?: string) =>
    invoke(handlers.ledger, { rawPath: '/balance/ledger', token: jwt, ...(cursor === undefined ? {} : { rawQueryString: `cursor=${encodeURIComponent(cursor)}` }) });

  /** Every page of a list, following nextCursor. */
  const allPages = async (list: (cursor?: string) => ReturnType<typeof listLedger>, field: 'reservations' | 'entries') => {
    const pages: unknown[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      expect(page.statusCode).toBe(200);
      pages.push(page.body[field]);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return pages;
  };

  it("lists only the caller's own reservations, newest first, 20 per page, with a cursor until the last page", async () => {
    const { concertId, date } = await world.newConcert({ seats: 30 });
    const [userId, otherId] = [await world.newUser(), await world.newUser()];
    const token = await world.issueToken(userId, concertId);
    const startMs = Date.now();
    const held: string[] = [];
    for (let index = 0; index < 25; index += 1) {
      held.push((await world.hold(userId, concertId, date, index + 1, fixedClock(startMs + index))).reservationId);
    }
    await world.hold(otherId, concertId, date, 26);
    await world.cancel(userId, held[0]!);

    const pages = await allPages((cursor) => listReservations(token.jwt, cursor), 'reservations');

    expect(pages.map((page) => page.length)).toEqual([20, 5]);
    const listed = pages.flat() as { reservationId: string; status: string; seatNos: number[] }[];
    expect(listed.map((reservation) => reservation.reservationId)).toEqual([...held].reverse());
    expect(listed.at(-1)).toMatchObject({ status: 'CANCELLED', seatNos: [1], seatNo: 1 });
    expect(listed[0]).toMatchObject({ status: 'HELD', seatNos: [25], concertId, date });
  });

  it('answers an empty list with nextCursor null for a user without reservations', async () => {
    const { concertId } = await world.newConcert();
    const token = await world.issueToken(await world.newUser(), concertId);
    const response = await listReservations(token.jwt);
    expect(response).toMatchObject({ statusCode: 200, body: { reservations: [], nextCursor: null } });
  });

  it('lists the ledger newest first, 20 per page, summing to the balance, with reservationId on payments only', async () => {
    const { concertId, date } = await world.newConcert({ price: 10_000 });
    const userId = await world.newUser();
    for (let index = 0; index < 22; index += 1) await world.charge({ userId, amount: 1_000 + index });
    const token = await world.issueToken(userId, concertId);
    const { reservationId } = await world.hold(userId, concertId, date, [1, 2]);
    await world.pay()({ userId, tokenId: token.tokenId, tokenConcertId: concertId, reservationId });
    // The payment ended its token; any live credential of the user reads the ledger.
    const reader = await world.issueToken(userId, concertId);

    const pages = await allPages((cursor) => listLedger(reader.jwt, cursor), 'entries');

    expect(pages.map((page) => page.length)).toEqual([20, 3]);
    const entries = pages.flat() as { kind: string; amount: number; balanceAfter: number; at: string; reservationId?: string }[];
    expect(entries[0]).toEqual({ entryId: expect.any(String), kind: 'PAYMENT', amount: -20_000, balanceAfter: expect.any(Number), at: expect.any(String), reservationId });
    expect(entries.slice(1).every((entry) => entry.kind === 'CHARGE' && entry.reservationId === undefined)).toBe(true);
    expect([...entries].sort((a, b) => b.at.localeCompare(a.at))).toEqual(entries);
    expect(sum(entries.map((entry) => entry.amount))).toBe(await world.balanceOf(userId));
    expect(entries[0]!.balanceAfter).toBe(await world.balanceOf(userId));
  });

  it("completes a balance change whose writer stopped after its transaction: the entry is listed with its balanceAfter", async () => {
    const { concertId } = await world.newConcert({ price: 10_000 });
    const userId = await world.newUser();
    await world.charge({ userId, amount: 5_000 });
    // A charge's transaction without its completion, as a writer that died right after committing leaves it.
    const change = { userId, entry: { entryId: 'stopped-writer', userId, kind: 'CHARGE' as const, amount: 700, at: new Date().toISOString() }, nowMs: Date.now() };
    const items = balanceChangeItems(table.tableName, change);
    await transactWrite(table.db, [items.balance, items.ledger]);
    const reader = await world.issueToken(userId, concertId);

    const page = await listLedger(reader.jwt);

    expect(page.statusCode).toBe(200);
    expect(page.body.entries[0]).toMatchObject({ entryId: 'stopped-writer', amount: 700, balanceAfter: 5_700 });
    expect(await world.getItem(userProfileKey(userId))).not.toHaveProperty('pendingAfter_stopped-writer');
  });

  it('refuses a cursor it did not issue with 400 VALIDATION_ERROR naming the cursor, and a missing token with 401', async () => {
    const { concertId } = await world.newConcert();
    const token = await world.issueToken(await world.newUser(), concertId);
    for (const cursor of ['not a cursor!', Buffer.from('USER#someone-else').toString('base64url'), 'x'.repeat(401), '']) {
      for (const response of [await listReservations(token.jwt, cursor), await listLedger(token.jwt, cursor)]) {
        expect(response.statusCode).toBe(400);
        // One message whichever check refused it: the form (the schema) or the content (the decoded sort key).
        expect(response.body.error).toEqual({ code: 'VALIDATION_ERROR', message: 'cursor: must be a nextCursor returned by the previous page' });
      }
    }
    expect((await listReservations(undefined)).statusCode).toBe(401);
  });
});
