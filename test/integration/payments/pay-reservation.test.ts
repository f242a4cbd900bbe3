import { randomUUID } from 'node:crypto';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { userDateSeatsKey } from '../../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { liveTokenLockKey } from '../../../lambdas/adapters/dynamodb/entities/live-token-lock';
import { queueTokenKey } from '../../../lambdas/adapters/dynamodb/entities/queue-token';
import { keys } from '../../../lambdas/adapters/dynamodb/table';
import { loadSettings } from '../../../lambdas/config';
import { createTestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { fixedClock, paymentWorld } from '../../support/payment-fixtures';

jest.setTimeout(120_000);

const price = 50_000;
const holdTtlMs = loadSettings().holdTtlSeconds * 1000;

describe('paying a reservation over DynamoDB Local', () => {
  let world: PaymentWorld;
  let handlers: { pay: HttpHandler; getBalance: HttpHandler; charge: HttpHandler };

  beforeAll(async () => {
    world = paymentWorld(await createTestTable());
    handlers = {
      pay: (await import('../../../lambdas/handlers/pay-reservation')).handler,
      getBalance: (await import('../../../lambdas/handlers/get-balance')).handler,
      charge: (await import('../../../lambdas/handlers/charge-balance')).handler,
    };
  });

  /** A user with `balance` won, an ACTIVE token for a fresh concert, and a HELD seat 1 (held at `heldAt`). */
  const buyer = async (options: { balance?: number; heldAt?: number } = {}) => {
    const { concertId, date } = await world.newConcert({ price });
    const userId = await world.newUser();
    if (options.balance) await world.charge({ userId, amount: options.balance });
    const token = await world.issueToken(userId, concertId);
    expect(token.status).toBe('ACTIVE');
    const reservation = await world.hold(userId, concertId, date, 1, options.heldAt === undefined ? undefined : fixedClock(options.heldAt));
    return { userId, concertId, date, token, reservationId: reservation.reservationId as string };
  };

  /** A payment with a fresh Idempotency-Key (required on money routes) unless `headers` names one. */
  const pay = (jwt: string, reservationId: string, headers: Record<string, string> = {}) =>
    invoke(handlers.pay, { method: 'POST', rawPath: '/payments', token: jwt, body: { reservationId }, headers: { 'idempotency-key': randomUUID(), ...headers } });

  /** A payment as a contract-abiding client sends it: a 503 on a busy machine is retried with the same key. */
  const payUntilAnswered = async (jwt: string, reservationId: string, key: string) => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await pay(jwt, reservationId, { 'Idempotency-Key': key });
      if (response.statusCode !== 503 || attempt >= 30) return response;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  };

  /** Everything a payment touches, to show that a refused payment changed nothing. */
  const snapshot = async (who: Awaited<ReturnType<typeof buyer>>) => ({
    balance: await world.balanceOf(who.userId),
    ledger: await world.ledgerOf(who.userId),
    payments: await world.paymentsOf(who.userId),
    reservation: await world.getItem(reservationKey(who.reservationId)),
    seat: await world.getItem(seatKey(who.concertId, who.date, 1)),
    userDateSeats: await world.getItem(userDateSeatsKey(who.userId, who.concertId, who.date)),
    token: await world.getItem(queueTokenKey(who.token.tokenId)),
    lock: await world.getItem(liveTokenLockKey(who.userId, who.concertId)),
    room: await world.getItem(keys.room(who.concertId)),
  });

  it('pays a multi-seat reservation in one payment: every seat SOLD, the total debited once, the count kept', async () => {
    const { concertId, date } = await world.newConcert({ price });
    const userId = await world.newUser();
    await world.charge({ userId, amount: 200_000 });
    const token = await world.issueToken(userId, concertId);
    const { reservationId } = await world.hold(userId, concertId, date, [1, 2, 3]);

    const response = await pay(token.jwt, reservationId, { 'idempotency-key': 'multi-seat' });

    expect(response.statusCode).toBe(201);
    expect(response.body).toMatchObject({ reservationId, amount: 3 * price, balance: 200_000 - 3 * price });
    for (const seatNo of [1, 2, 3]) {
      expect(await world.getItem(seatKey(concertId, date, seatNo))).toMatchObject({ status: 'SOLD', ownerId: userId, reservationId });
    }
    expect(await world.getItem(userDateSeatsKey(userId, concertId, date))).toMatchObject({ count: 3, holds: {} });
    expect(await world.ledgerOf(userId)).toContainEqual(expect.objectContaining({ kind: 'PAYMENT', amount: -3 * price, reservationId }));
  });

  it('confirms the reservation, sells the seat, debits the balance and ends the token, all at once', async () => {
    const who = await buyer({ balance: 80_000 });
    expect((await world.getItem(keys.room(who.concertId)))?.activeCount).toBe(1);

    const response = await pay(who.token.jwt, who.reservationId);
    expect(response.statusCode).toBe(201);
    expect(response.body).toEqual({
      paymentId: expect.any(String),
      reservationId: who.reservationId,
      amount: price,
      balance: 30_000,
      status: 'CONFIRMED',
    });

    const after = await snapshot(who);
    expect(after.balance).toBe(30_000);
    expect(after.reservation).toMatchObject({ status: 'CONFIRMED', paymentId: response.body.paymentId });
    expect(after.reservation).not.toHaveProperty('expiryPk');
    expect(after.seat).toMatchObject({ status: 'SOLD', ownerId: who.userId, reservationId: who.reservationId });
    // The hold entry is gone but the bought seat still counts towards the per-user limit.
    expect(after.userDateSeats).toMatchObject({ count: 1, holds: {} });
    expect(after.token).toMatchObject({ status: 'PAID', ttl: expect.any(Number) });
    expect(after.token).not.toHaveProperty('expiryPk');
    expect(after.lock).toBeUndefined();
    expect(after.room?.activeCount).toBe(0);
    expect(after.payments).toEqual([
      expect.objectContaining({ paymentId: response.body.paymentId, reservationId: who.reservationId, amount: price }),
    ]);
    expect(after.ledger.map(({ kind, amount, balanceAfter }) => ({ kind, amount, balanceAfter }))).toEqual([
      { kind: 'CHARGE', amount: 80_000, balanceAfter: 80_000 },
      { kind: 'PAYMENT', amount: -price, balanceAfter: 30_000 },
    ]);
  });

  it('leaves the paying token dead (401) and lets the user take a new one', async () => {
    const who = await buyer({ balance: price });
    expect((await pay(who.token.jwt, who.reservationId)).statusCode).toBe(201);

    const reuse = await invoke(handlers.getBalance, { rawPath: '/balance', token: who.token.jwt });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.body.error.code).toBe('INVALID_TOKEN');
    expect(reuse.headers['www-authenticate']).toBe('Bearer');

    const next = await world.issueToken(who.userId, who.concertId);
    expect(next.status).toBe('ACTIVE');
    expect((await invoke(handlers.getBalance, { rawPath: '/balance', token: next.jwt })).body).toEqual({ userId: who.userId, balance: 0 });
  });

  it('refuses a balance below the price with 402 INSUFFICIENT_BALANCE and changes nothing', async () => {
    const who = await buyer({ balance: price - 1 });
    const before = await snapshot(who);
    const response = await pay(who.token.jwt, who.reservationId);
    expect(response.statusCode).toBe(402);
    expect(response.body.error.code).toBe('INSUFFICIENT_BALANCE');
    expect(await snapshot(who)).toEqual(before);
    expect(before.token?.status).toBe('ACTIVE');
    expect(before.reservation?.status).toBe('HELD');
  });

  it('refuses a hold past its deadline with 409 RESERVATION_EXPIRED and changes nothing, released or not', async () => {
    const who = await buyer({ balance: price, heldAt: Date.now() - holdTtlMs - 1_000 });
    const before = await snapshot(who);
    const response = await pay(who.token.jwt, who.reservationId);
    expect(response.statusCode).toBe(409);
    // A reservation may hold several seats: the message speaks of the hold, not of "this seat".
    expect(response.body.error).toEqual({ code: 'RESERVATION_EXPIRED', message: 'the hold has expired; hold the seats again' });
    expect(await snapshot(who)).toEqual(before);

    await world.release(who.reservationId);
    expect((await world.getItem(reservationKey(who.reservationId)))?.status).toBe('EXPIRED');
    const afterRelease = await pay(who.token.jwt, who.reservationId);
    expect(afterRelease.statusCode).toBe(409);
    expect(afterRelease.body.error.code).toBe('RESERVATION_EXPIRED');
    expect(await world.balanceOf(who.userId)).toBe(price);
  });

  it('answers 404 RESERVATION_NOT_FOUND for an unknown reservation and for another user’s', async () => {
    const owner = await buyer({ balance: price });
    const other = await world.newUser();
    await world.charge({ userId: other, amount: price });
    const otherToken = await world.issueToken(other, owner.concertId);

    for (const [jwt, reservationId] of [
      [owner.token.jwt, 'no-such-reservation'],
      [otherToken.jwt, owner.reservationId],
    ] as const) {
      const response = await pay(jwt, reservationId);
      expect(response.statusCode).toBe(404);
      expect(response.body.error.code).toBe('RESERVATION_NOT_FOUND');
    }
    expect(await world.balanceOf(other)).toBe(price);
    expect((await world.getItem(reservationKey(owner.reservationId)))?.status).toBe('HELD');
  });

  it('refuses a cancelled or already confirmed reservation with 409 RESERVATION_NOT_PAYABLE', async () => {
    const cancelled = await buyer({ balance: price });
    await world.cancel(cancelled.userId, cancelled.reservationId);
    const refused = await pay(cancelled.token.jwt, cancelled.reservationId);
    expect(refused.statusCode).toBe(409);
    expect(refused.body.error.code).toBe('RESERVATION_NOT_PAYABLE');

    const paid = await buyer({ balance: 2 * price });
    expect((await pay(paid.token.jwt, paid.reservationId)).statusCode).toBe(201);
    const next = await world.issueToken(paid.userId, paid.concertId);
    const again = await pay(next.jwt, paid.reservationId);
    expect(again.statusCode).toBe(409);
    expect(again.body.error.code).toBe('RESERVATION_NOT_PAYABLE');
    expect(await world.balanceOf(paid.userId)).toBe(price);
  });

  it('refuses a token of another concert’s room with 403 TOKEN_CONCERT_MISMATCH', async () => {
    const who = await buyer({ balance: price });
    const elsewhere = await world.newConcert();
    const otherToken = await world.issueToken(who.userId, elsewhere.concertId);
    const response = await pay(otherToken.jwt, who.reservationId);
    expect(response.statusCode).toBe(403);
    expect(response.body.error.code).toBe('TOKEN_CONCERT_MISMATCH');
    expect(await world.balanceOf(who.userId)).toBe(price);
  });

  it('refuses a missing or malformed body with 400 VALIDATION_ERROR', async () => {
    const who = await buyer({ balance: price });
    for (const body of [{}, { reservationId: who.reservationId, extra: 1 }, { reservationId: 'white space' }]) {
      const response = await invoke(handlers.pay, { method: 'POST', rawPath: '/payments', token: who.token.jwt, body, headers: { 'idempotency-key': randomUUID() } });
      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('refuses a payment without an Idempotency-Key with 400 VALIDATION_ERROR naming the header, and changes nothing', async () => {
    const who = await buyer({ balance: price });
    const response = await invoke(handlers.pay, { method: 'POST', rawPath: '/payments', token: who.token.jwt, body: { reservationId: who.reservationId } });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toMatch(/Idempotency-Key/);
    expect(await world.balanceOf(who.userId)).toBe(price);
  });

  describe('with an Idempotency-Key', () => {
    it('answers a retry with the original 201 although the payment ended the token, and debits once', async () => {
      const who = await buyer({ balance: 3 * price });
      const first = await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'pay-1' });
      expect(first.statusCode).toBe(201);
      const retry = await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'pay-1' });
      expect(retry.statusCode).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      expect(await world.paymentsOf(who.userId)).toHaveLength(1);

      // Without the key the dead token is refused as usual.
      expect((await pay(who.token.jwt, who.reservationId)).statusCode).toBe(401);
    });

    it('answers a retry that comes after the token’s signature expired with the original 201, and nothing else with it', async () => {
      const who = await buyer({ balance: 3 * price });
      const first = await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'pay-late' });
      expect(first.statusCode).toBe(201);
      // The same token, as its signature reads once its `exp` has passed (a payment in its last seconds whose
      // answer was lost, retried a moment later).
      const claims = { userId: who.userId, tokenId: who.token.tokenId, concertId: who.concertId };
      const expired = await world.signer.sign(claims, { issuedAtMs: Date.now() - 700_000, expiresAtMs: Date.now() - 5_000 });

      const retry = await pay(expired, who.reservationId, { 'Idempotency-Key': 'pay-late' });

      expect({ status: retry.statusCode, body: retry.body }).toEqual({ status: 201, body: first.body });
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      // Only a recorded answer of its own user is given back: another key, or another body, is still refused as expired.
      const otherKey = await pay(expired, who.reservationId, { 'Idempotency-Key': 'never-used' });
      expect({ status: otherKey.statusCode, code: otherKey.body.error?.code }).toEqual({ status: 401, code: 'INVALID_TOKEN' });
      expect(otherKey.body.error.message).toMatch(/signature has expired/);
      const otherBody = await pay(expired, 'another-reservation', { 'Idempotency-Key': 'pay-late' });
      expect(otherBody.statusCode).toBe(401);
    });

    it('refuses the same key for another reservation with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const who = await buyer({ balance: 3 * price });
      expect((await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'pay-2' })).statusCode).toBe(201);
      const next = await world.issueToken(who.userId, who.concertId);
      const second = await world.hold(who.userId, who.concertId, who.date, 2);
      const reused = await pay(next.jwt, second.reservationId, { 'Idempotency-Key': 'pay-2' });
      expect(reused.statusCode).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      expect((await world.getItem(reservationKey(second.reservationId)))?.status).toBe('HELD');
    });

    it('refuses a key the user already used on another route with 422 IDEMPOTENCY_KEY_REUSED, either way round, applying nothing', async () => {
      const who = await buyer({ balance: 3 * price });
      const charge = (jwt: string, key: string) =>
        invoke(handlers.charge, { method: 'POST', rawPath: '/balance/charge', token: jwt, body: { amount: 1_000 }, headers: { 'idempotency-key': key } });
      expect((await charge(who.token.jwt, 'charge-then-pay')).statusCode).toBe(200);
      const before = await snapshot(who);
      const reused = await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'charge-then-pay' });
      expect({ status: reused.statusCode, code: reused.body.error?.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await snapshot(who)).toEqual(before);

      expect((await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'pay-then-charge' })).statusCode).toBe(201);
      const balance = await world.balanceOf(who.userId);
      // The payment ended its token: the charge comes with the user's next one.
      const next = await world.issueToken(who.userId, who.concertId);
      const reusedByCharge = await charge(next.jwt, 'pay-then-charge');
      expect({ status: reusedByCharge.statusCode, code: reusedByCharge.body.error?.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await world.balanceOf(who.userId)).toBe(balance);
    });

    it('answers 10 parallel requests with one key alike and pays once', async () => {
      const who = await buyer({ balance: 3 * price });
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => payUntilAnswered(who.token.jwt, who.reservationId, 'burst')),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
      for (const response of responses) expect(response.body).toEqual(responses[0]!.body);
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      expect(await world.paymentsOf(who.userId)).toHaveLength(1);
    });

    it('refuses a malformed key with 400 VALIDATION_ERROR before paying', async () => {
      const who = await buyer({ balance: price });
      const response = await pay(who.token.jwt, who.reservationId, { 'Idempotency-Key': 'bad key!' });
      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(await world.balanceOf(who.userId)).toBe(price);
    });
  });

  describe('under concurrency', () => {
    it('pays a reservation once when two payments of it race', async () => {
      const who = await buyer({ balance: 3 * price });
      const responses = await Promise.all([pay(who.token.jwt, who.reservationId), pay(who.token.jwt, who.reservationId)]);
      const codes = responses.map((response) => response.statusCode).sort();
      expect(codes[0]).toBe(201);
      // The loser finds the reservation confirmed, or the token already ended by the winner.
      expect([401, 409]).toContain(codes[1]);
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      expect(await world.paymentsOf(who.userId)).toHaveLength(1);
      expect((await world.ledgerOf(who.userId)).filter((entry) => entry.kind === 'PAYMENT')).toHaveLength(1);
    });

    it('pays a reservation once when ten payments of it race through the use case', async () => {
      const who = await buyer({ balance: 3 * price });
      const pay = world.pay();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          pay({ userId: who.userId, tokenId: who.token.tokenId, tokenConcertId: who.concertId, reservationId: who.reservationId }),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(['RESERVATION_NOT_PAYABLE', 'INVALID_TOKEN']).toContain(result.reason.code);
      }
      expect(await world.balanceOf(who.userId)).toBe(2 * price);
      expect(await world.paymentsOf(who.userId)).toHaveLength(1);
    });

    /** Starts both, one of them a random few milliseconds later, so that either may win the race. */
    const race = <A, B>(first: () => Promise<A>, second: () => Promise<B>) => {
      const delay = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      const late = Math.random() < 0.5;
      return Promise.allSettled([
        (late ? delay() : Promise.resolve()).then(first),
        (late ? Promise.resolve() : delay()).then(second),
      ] as const);
    };

    /** Paid and sold, or not paid and the seat free (or held by whoever took it): never anything in between. */
    const expectConsistent = async (who: Awaited<ReturnType<typeof buyer>>, paid: boolean, balanceBefore: number) => {
      const after = await snapshot(who);
      if (paid) {
        expect(after.reservation?.status).toBe('CONFIRMED');
        expect(after.seat).toMatchObject({ status: 'SOLD', ownerId: who.userId, reservationId: who.reservationId });
        expect(after.balance).toBe(balanceBefore - price);
        expect(after.payments).toHaveLength(1);
        expect(after.token?.status).toBe('PAID');
      } else {
        expect(['EXPIRED', 'CANCELLED']).toContain(after.reservation?.status);
        expect(after.seat?.reservationId).not.toBe(who.reservationId);
        expect(after.seat?.status).not.toBe('SOLD');
        expect(after.balance).toBe(balanceBefore);
        expect(after.payments).toHaveLength(0);
        expect(after.token?.status).toBe('ACTIVE');
        expect(after.userDateSeats?.holds).toEqual({});
      }
    };

    it('ends a payment racing the hold’s release at its deadline either paid and sold or unpaid and free', async () => {
      const deadlineIn = 10_000;
      const buyers = await Promise.all(
        Array.from({ length: 12 }, () => buyer({ balance: price, heldAt: Date.now() - holdTtlMs + deadlineIn })),
      );
      const outcomes = await Promise.all(
        buyers.map(async (who) => {
          const deadline = (await world.getItem(reservationKey(who.reservationId)))?.expiresAt as number;
          const [payment] = await race(
            () =>
              world.pay(fixedClock(deadline - 1))({
                userId: who.userId,
                tokenId: who.token.tokenId,
                tokenConcertId: who.concertId,
                reservationId: who.reservationId,
              }),
            () => world.release(who.reservationId, fixedClock(deadline)),
          );
          if (payment.status === 'rejected') expect(payment.reason.code).toBe('RESERVATION_EXPIRED');
          await expectConsistent(who, payment.status === 'fulfilled', price);
          return payment.status;
        }),
      );
      expect(outcomes).toHaveLength(12);
    });

    it('ends a payment racing the owner’s cancellation either paid and sold or cancelled and free', async () => {
      const buyers = await Promise.all(Array.from({ length: 12 }, () => buyer({ balance: price })));
      await Promise.all(
        buyers.map(async (who) => {
          const [payment, cancellation] = await race(
            () =>
              world.pay()({ userId: who.userId, tokenId: who.token.tokenId, tokenConcertId: who.concertId, reservationId: who.reservationId }),
            () => world.cancel(who.userId, who.reservationId),
          );
          const paid = payment.status === 'fulfilled';
          if (payment.status === 'rejected') expect(payment.reason.code).toBe('RESERVATION_NOT_PAYABLE');
          expect(cancellation.status === 'fulfilled').toBe(!paid);
          await expectConsistent(who, paid, price);
        }),
      );
    });

    it('ends a payment racing another fan’s hold of the expired seat with one owner of the seat', async () => {
      const deadlineIn = 10_000;
      const buyers = await Promise.all(
        Array.from({ length: 8 }, () => buyer({ balance: price, heldAt: Date.now() - holdTtlMs + deadlineIn })),
      );
      await Promise.all(
        buyers.map(async (who) => {
          const deadline = (await world.getItem(reservationKey(who.reservationId)))?.expiresAt as number;
          const rival = await world.newUser();
          const [payment, rivalHold] = await race(
            () =>
              world.pay(fixedClock(deadline - 1))({
                userId: who.userId,
                tokenId: who.token.tokenId,
                tokenConcertId: who.concertId,
                reservationId: who.reservationId,
              }),
            () => world.hold(rival, who.concertId, who.date, 1, fixedClock(deadline)),
          );
          const paid = payment.status === 'fulfilled';
          const seat = await world.getItem(seatKey(who.concertId, who.date, 1));
          if (paid) expect(rivalHold.status).toBe('rejected');
          if (rivalHold.status === 'fulfilled') {
            expect(paid).toBe(false);
            expect(seat).toMatchObject({ status: 'HELD', holderId: rival });
          }
          await expectConsistent(who, paid, price);
        }),
      );
    });
  });
});
