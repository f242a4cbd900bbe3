import { DynamoIdempotencyRecordRepository } from '../../../lambdas/adapters/dynamodb/idempotency-record-repository';
import { DynamoRefundRepository } from '../../../lambdas/adapters/dynamodb/refund-repository';
import { DynamoReservationRepository } from '../../../lambdas/adapters/dynamodb/reservation-repository';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { userProfileKey } from '../../../lambdas/adapters/dynamodb/entities/user';
import { userDateSeatsKey } from '../../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { systemClock, uuidGenerator } from '../../../lambdas/adapters/system';
import { utcDate } from '../../../lambdas/domain/calendar';
import { moneyLimits } from '../../../lambdas/domain/money';
import { refundReservation } from '../../../lambdas/use-cases/payments/refund-reservation';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld, sum } from '../../support/payment-fixtures';
import { quietSocketWarnings } from '../../support/quiet-socket-warnings';

jest.setTimeout(180_000);

const price = 50_000;
const dayMs = 86_400_000;

describe('refunds over DynamoDB Local', () => {
  let table: TestTable;
  let world: PaymentWorld;
  let handler: HttpHandler;

  beforeAll(async () => {
    table = await createTestTable();
    world = paymentWorld(table);
    handler = (await import('../../../lambdas/handlers/refund-reservation')).handler;
    quietSocketWarnings();
  });

  afterAll(() => jest.restoreAllMocks());

  const refundUseCase = () =>
    refundReservation({
      reservations: new DynamoReservationRepository(table.db, table.tableName),
      refunds: new DynamoRefundRepository(table.db, table.tableName),
      idempotencyRecords: new DynamoIdempotencyRecordRepository(table.db, table.tableName),
      clock: systemClock,
      ids: uuidGenerator,
      settings: { refundCutoffHours: 24 },
    });

  const refund = (userKey: string, reservationId: string, options: { key?: string | null; body?: unknown } = {}) =>
    invoke(handler, {
      method: 'POST',
      rawPath: `/reservations/${reservationId}/refund`,
      pathParameters: { reservationId },
      token: userKey,
      body: options.body ?? {},
      headers: options.key === null ? {} : { 'idempotency-key': options.key ?? uuidGenerator.newId() },
    });

  /** A user who bought `seatNos` of a fresh concert in one payment; `balance` is what they keep afterwards. */
  const buyer = async (options: { seatNos?: number[]; date?: string; seats?: number; extra?: number } = {}) => {
    const seatNos = options.seatNos ?? [1, 2];
    const { concertId, date } = await world.newConcert({ price, seats: options.seats ?? 10, ...(options.date ? { date: options.date } : {}) });
    const { userId, userKey } = await world.newUserWithKey();
    await world.charge({ userId, amount: price * seatNos.length + (options.extra ?? 0) });
    const token = await world.issueToken(userId, concertId);
    const { reservationId } = await world.hold(userId, concertId, date, seatNos);
    await world.pay()({ userId, tokenId: token.tokenId, tokenConcertId: concertId, reservationId });
    return { userId, userKey, concertId, date, seatNos, reservationId };
  };

  it('refunds a CONFIRMED reservation in full: balance back, every seat on sale, the count freed, a REFUND entry', async () => {
    const who = await buyer({ seatNos: [2, 3], extra: 7_000 });

    const response = await refund(who.userKey, who.reservationId);

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ reservationId: who.reservationId, status: 'REFUNDED', refunded: 2 * price, balance: 2 * price + 7_000 });
    expect(await world.balanceOf(who.userId)).toBe(2 * price + 7_000);
    expect(await world.getItem(reservationKey(who.reservationId))).toMatchObject({ status: 'REFUNDED' });
    for (const seatNo of who.seatNos) {
      const seat = await world.getItem(seatKey(who.concertId, who.date, seatNo));
      expect(seat?.status).toBe('AVAILABLE');
      expect(seat).not.toHaveProperty('ownerId');
      expect(seat).not.toHaveProperty('reservationId');
    }
    expect(await world.getItem(userDateSeatsKey(who.userId, who.concertId, who.date))).toMatchObject({ count: 0 });
    const ledger = await world.ledgerOf(who.userId);
    expect(ledger.filter((entry) => entry.kind === 'REFUND')).toEqual([
      expect.objectContaining({ amount: 2 * price, balanceAfter: 2 * price + 7_000, reservationId: who.reservationId }),
    ]);
    expect(sum(ledger.map((entry) => entry.amount as number))).toBe(await world.balanceOf(who.userId));
    // The seats can be bought again.
    const { userId: next } = await world.newUserWithKey();
    await expect(world.hold(next, who.concertId, who.date, who.seatNos)).resolves.toMatchObject({ status: 'HELD' });
  });

  it('refunds through the one balance-write path: racing charges of the same user never make it fail, and it is not capped', async () => {
    const who = await buyer({ seatNos: [1] });
    // Two small charges short of the cap: whichever order DynamoDB applies them in, the refund still goes through.
    const nearCap = moneyLimits.maxBalance - 2_000;
    const offset = nearCap - (await world.balanceOf(who.userId));
    await table.db.send(new UpdateCommand({ TableName: table.tableName, Key: userProfileKey(who.userId), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': nearCap } }));

    const [response, ...charges] = await Promise.all([
      refund(who.userKey, who.reservationId),
      ...Array.from({ length: 5 }, () => world.charge({ userId: who.userId, amount: 1_000 }).then(() => 'applied', () => 'refused')),
    ]);

    expect(response.statusCode).toBe(200);
    const applied = charges.filter((outcome) => outcome === 'applied').length;
    expect(applied).toBeLessThanOrEqual(2);
    const balance = await world.balanceOf(who.userId);
    expect(balance).toBe(nearCap + price + 1_000 * applied);
    expect(balance).toBeGreaterThan(moneyLimits.maxBalance);
    const ledger = await world.ledgerOf(who.userId);
    expect(offset + sum(ledger.map((entry) => entry.amount as number))).toBe(balance);
    // Each entry got the exact balance after its change, whatever order they were applied in.
    const refundEntry = ledger.find((entry) => entry.kind === 'REFUND');
    expect((response.body as { balance: number }).balance).toBe(refundEntry?.balanceAfter);
    expect(Math.max(...ledger.map((entry) => entry.balanceAfter as number))).toBe(balance);
  });

  it('lets a balance that a refund raised over the cap still pay: a debit only needs the balance to cover it', async () => {
    const who = await buyer({ seatNos: [1] });
    // A full balance (charged to the cap again after the payment): the refund takes it over the cap.
    await table.db.send(
      new UpdateCommand({ TableName: table.tableName, Key: userProfileKey(who.userId), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': moneyLimits.maxBalance } }),
    );
    expect((await refund(who.userKey, who.reservationId)).statusCode).toBe(200);
    expect(await world.balanceOf(who.userId)).toBe(moneyLimits.maxBalance + price);

    const token = await world.issueToken(who.userId, who.concertId);
    const { reservationId } = await world.hold(who.userId, who.concertId, who.date, [2]);
    const receipt = await world.pay()({ userId: who.userId, tokenId: token.tokenId, tokenConcertId: who.concertId, reservationId });

    expect(receipt).toMatchObject({ reservationId, amount: price, balance: moneyLimits.maxBalance });
    expect(await world.balanceOf(who.userId)).toBe(moneyLimits.maxBalance);
    // Still over nothing: a charge from the cap is refused as before.
    await expect(world.charge({ userId: who.userId, amount: 1 })).rejects.toMatchObject({ code: 'BALANCE_LIMIT_EXCEEDED' });
  });

  it('answers the contract errors: 400 without a key or with a body, 404 for another user, 409 when not refundable, 422 for a reused key', async () => {
    const who = await buyer();
    const stranger = await world.newUserWithKey();
    const expectError = (response: Awaited<ReturnType<typeof refund>>, statusCode: number, code: string) =>
      expect({ statusCode: response.statusCode, code: response.body?.error?.code }).toEqual({ statusCode, code });

    const missingKey = await refund(who.userKey, who.reservationId, { key: null });
    expectError(missingKey, 400, 'VALIDATION_ERROR');
    expect(missingKey.body.error.message).toMatch(/Idempotency-Key/);
    expectError(await refund(who.userKey, who.reservationId, { body: { amount: 1 } }), 400, 'VALIDATION_ERROR');
    expectError(await refund(stranger.userKey, who.reservationId), 404, 'RESERVATION_NOT_FOUND');
    expectError(await refund(who.userKey, 'no-such-reservation'), 404, 'RESERVATION_NOT_FOUND');
    expectError(await refund('uk_not-a-key', who.reservationId), 401, 'INVALID_TOKEN');

    const { reservationId: heldId } = await world.hold(who.userId, who.concertId, who.date, [5]);
    expectError(await refund(who.userKey, heldId), 409, 'RESERVATION_NOT_REFUNDABLE');

    expect((await refund(who.userKey, who.reservationId, { key: 'refund-once' })).statusCode).toBe(200);
    expectError(await refund(who.userKey, who.reservationId), 409, 'RESERVATION_NOT_REFUNDABLE');
    // The same key on another reservation is another request, not a replay.
    expectError(await refund(who.userKey, heldId, { key: 'refund-once' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await world.balanceOf(who.userId)).toBe(2 * price);
  });

  it('refuses a refund from REFUND_CUTOFF_HOURS before the date (409), and allows it before', async () => {
    const tomorrow = utcDate(Date.now() + dayMs);
    const late = await buyer({ date: tomorrow });
    const response = await refund(late.userKey, late.reservationId);
    expect({ statusCode: response.statusCode, code: response.body.error?.code }).toEqual({ statusCode: 409, code: 'RESERVATION_NOT_REFUNDABLE' });
    expect(response.body.error.message).toMatch(/24 hours/);
    expect(await world.getItem(reservationKey(late.reservationId))).toMatchObject({ status: 'CONFIRMED' });

    const early = await buyer({ date: utcDate(Date.now() + 3 * dayMs) });
    expect((await refund(early.userKey, early.reservationId)).statusCode).toBe(200);
  });

  it('refunds once when 10 refunds of one reservation race, with different keys or the same key', async () => {
    const different = await buyer();
    const responses = await Promise.all(Array.from({ length: 10 }, () => refund(different.userKey, different.reservationId)));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode !== 200).every((response) => response.body.error.code === 'RESERVATION_NOT_REFUNDABLE')).toBe(true);
    expect(await world.balanceOf(different.userId)).toBe(2 * price);

    const same = await buyer();
    const replays = await Promise.all(Array.from({ length: 10 }, () => refund(same.userKey, same.reservationId, { key: 'one-refund' })));
    expect(replays.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
    expect(new Set(replays.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(await world.balanceOf(same.userId)).toBe(2 * price);

    for (const who of [different, same]) {
      expect((await world.ledgerOf(who.userId)).filter((entry) => entry.kind === 'REFUND')).toHaveLength(1);
    }
  });

  it('ends consistent when a refund races holds of the same seats: no seat in two live reservations', async () => {
    const who = await buyer({ seatNos: [1, 2] });
    const rivals = await Promise.all(Array.from({ length: 20 }, () => world.newUserWithKey()));

    const [refunded, ...holds] = await Promise.allSettled([
      refund(who.userKey, who.reservationId),
      ...rivals.map(({ userId }, index) => world.hold(userId, who.concertId, who.date, index % 2 === 0 ? [1] : [1, 2])),
    ]);

    expect(refunded).toMatchObject({ status: 'fulfilled', value: { statusCode: 200 } });
    const won = holds.flatMap((hold) => (hold.status === 'fulfilled' ? [hold.value] : []));
    for (const hold of holds) if (hold.status === 'rejected') expect(hold.reason).toMatchObject({ code: 'SEAT_ALREADY_RESERVED' });
    const seatOwners = won.flatMap((hold) => hold.seatNos);
    expect(new Set(seatOwners).size).toBe(seatOwners.length);
    for (const seatNo of [1, 2]) {
      const seat = await world.getItem(seatKey(who.concertId, who.date, seatNo));
      const holder = won.find((hold) => hold.seatNos.includes(seatNo));
      expect(seat).toMatchObject(holder ? { status: 'HELD', reservationId: holder.reservationId } : { status: 'AVAILABLE' });
    }
  });

  it('keeps money conserved in a randomized run of charges, holds, payments, refunds and refunds racing payments', async () => {
    const { concertId, date } = await world.newConcert({ price, seats: 40 });
    const users = await Promise.all(Array.from({ length: 12 }, () => world.newUserWithKey()));
    const charged = new Map<string, number>();
    const refundUser = refundUseCase();

    const fan = async ({ userId }: { userId: string }, index: number) => {
      const amount = price * (2 + (index % 3));
      await world.charge({ userId, amount });
      charged.set(userId, amount);
      const token = await world.issueToken(userId, concertId);
      const seatNos = [index * 3 + 1, index * 3 + 2].filter((seatNo) => seatNo <= 40);
      const { reservationId } = await world.hold(userId, concertId, date, seatNos);
      const pay = world.pay()({ userId, tokenId: token.tokenId, tokenConcertId: concertId, reservationId });
      // Half the fans refund at the same moment as they pay, the other half after: either way one outcome holds.
      const early = index % 2 === 0 ? refundUser({ userId, reservationId }).catch((error: { code?: string }) => error.code) : undefined;
      await pay;
      await early;
      if (index % 3 === 0) await refundUser({ userId, reservationId }).catch((error: { code?: string }) => error.code);
    };
    await Promise.all(users.map(fan));

    const balances = await Promise.all(users.map(({ userId }) => world.balanceOf(userId)));
    const ledgers = await Promise.all(users.map(({ userId }) => world.ledgerOf(userId)));
    const payments = ledgers.flat().filter((entry) => entry.kind === 'PAYMENT');
    const refunds = ledgers.flat().filter((entry) => entry.kind === 'REFUND');
    expect(sum(balances) - sum(payments.map((entry) => entry.amount as number)) - sum(refunds.map((entry) => entry.amount as number))).toBe(
      sum([...charged.values()]),
    );
    users.forEach((_, index) => expect(sum(ledgers[index]!.map((entry) => entry.amount as number))).toBe(balances[index]));
    // Every refunded reservation was paid first, once, and its seats are no longer sold to it.
    for (const entry of refunds) {
      const reservation = await world.getItem(reservationKey(entry.reservationId as string));
      expect(reservation?.status).toBe('REFUNDED');
      expect(payments.filter((payment) => payment.reservationId === entry.reservationId)).toHaveLength(1);
      for (const seatNo of reservation?.seatNos as number[]) {
        expect((await world.getItem(seatKey(concertId, date, seatNo)))?.reservationId).not.toBe(entry.reservationId);
      }
    }
    expect(refunds.length).toBeGreaterThan(0);
  });
});
