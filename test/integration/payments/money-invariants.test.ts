import { randomUUID } from 'node:crypto';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { idempotentOperations } from '../../../lambdas/domain/idempotency';
import { createTestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld, sum } from '../../support/payment-fixtures';

jest.setTimeout(180_000);

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

describe('money under a randomized concurrent run', () => {
  let world: PaymentWorld;
  let handlers: { charge: HttpHandler; pay: HttpHandler };

  beforeAll(async () => {
    world = paymentWorld(await createTestTable());
    handlers = {
      charge: (await import('../../../lambdas/handlers/charge-balance')).handler,
      pay: (await import('../../../lambdas/handlers/pay-reservation')).handler,
    };
  });

  it('keeps Σ balances + Σ payments = Σ charges, every balance equal to its ledger, and one owner per sold seat', async () => {
    const seats = 12;
    const concerts = await Promise.all([world.newConcert({ price: 30_000, seats }), world.newConcert({ price: 45_000, seats })]);
    const users = await Promise.all(Array.from({ length: 30 }, () => world.newUser()));
    const chargedBy = new Map<string, number>(users.map((userId) => [userId, 0]));
    let paidResponses = 0;
    // Half the users start funded, so that payments succeed as well as run short while charges land.
    await Promise.all(
      users.slice(0, users.length / 2).map(async (userId) => {
        const { charged } = await world.charge({ userId, amount: 100_000 });
        chargedBy.set(userId, charged);
      }),
    );

    /**
     * Sends a keyed money request as the contract tells a client to: a 503 (the deadline came first on this busy
     * machine) is retried with the same key. Whether it took effect is then known from the answer, or, when the
     * token died meanwhile (401), from the key's record.
     */
    const sendKeyed = async (userId: string, handler: HttpHandler, request: { rawPath: string; jwt: string; body: unknown; key: string }) => {
      const operation = request.rawPath === '/payments' ? idempotentOperations.payment : idempotentOperations.charge;
      let response = await invoke(handler, { method: 'POST', rawPath: request.rawPath, token: request.jwt, body: request.body, headers: { 'Idempotency-Key': request.key } });
      let unavailable = false;
      for (let retry = 0; response.statusCode === 503 && retry < 20; retry += 1) {
        unavailable = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
        response = await invoke(handler, { method: 'POST', rawPath: request.rawPath, token: request.jwt, body: request.body, headers: { 'Idempotency-Key': request.key } });
      }
      const applied = response.statusCode === operation.successStatus || (unavailable && (await world.recordOf(userId, request.key)) !== undefined);
      return { response, applied };
    };

    const chargeRandomly = async (userId: string, jwt: string, round: number) => {
      const amount = randomInt(1, 60_000);
      if (Math.random() < 0.5) {
        const { response, applied } = await sendKeyed(userId, handlers.charge, { rawPath: '/balance/charge', jwt, body: { amount }, key: randomUUID() });
        if (applied) chargedBy.set(userId, chargedBy.get(userId)! + amount);
        else expect(response.statusCode).toBe(401); // the token may have been ended by a payment meanwhile
        return;
      }
      // A keyed charge sent twice at once, as a client retrying a lost response would: one effect.
      const key = `charge-${round}`;
      const sent = await Promise.all([0, 1].map(() => sendKeyed(userId, handlers.charge, { rawPath: '/balance/charge', jwt, body: { amount }, key })));
      for (const { response } of sent) expect([200, 401]).toContain(response.statusCode);
      if (sent.some(({ applied }) => applied)) chargedBy.set(userId, chargedBy.get(userId)! + amount);
      const answered = sent.filter(({ response }) => response.statusCode === 200);
      if (answered.length === 2) expect(answered[0]!.response.body).toEqual(answered[1]!.response.body);
    };

    const holdAndPay = async (userId: string, jwt: string, concert: (typeof concerts)[number]) => {
      let reservationId: string;
      try {
        reservationId = (await world.hold(userId, concert.concertId, concert.date, randomInt(1, seats))).reservationId;
      } catch (error) {
        expect(['SEAT_ALREADY_RESERVED', 'SEAT_LIMIT_EXCEEDED']).toContain((error as { code: string }).code);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 100)));
      const { response, applied } = await sendKeyed(userId, handlers.pay, { rawPath: '/payments', jwt, body: { reservationId }, key: `pay-${reservationId}` });
      if (applied) {
        paidResponses += 1;
        return true;
      }
      expect(['INSUFFICIENT_BALANCE']).toContain(response.body.error.code);
      await world.cancel(userId, reservationId);
      return false;
    };

    await Promise.all(
      users.map(async (userId) => {
        const concert = pick(concerts);
        for (let round = 0; round < 2; round += 1) {
          const { jwt } = await world.issueToken(userId, concert.concertId);
          const [paid] = await Promise.all([
            holdAndPay(userId, jwt, concert),
            chargeRandomly(userId, jwt, round * 10 + 1),
            chargeRandomly(userId, jwt, round * 10 + 2),
          ]);
          // Only a payment ends the token, so only a paid round makes room for a new token and another round.
          if (!paid) break;
        }
      }),
    );

    const perUser = await Promise.all(
      users.map(async (userId) => ({
        userId,
        balance: await world.balanceOf(userId),
        ledger: await world.ledgerOf(userId),
        payments: await world.paymentsOf(userId),
      })),
    );
    const payments = perUser.flatMap((user) => user.payments);
    const totalCharged = sum([...chargedBy.values()]);

    expect(totalCharged).toBeGreaterThan(0);
    expect(payments.length).toBeGreaterThan(0);
    expect(payments).toHaveLength(paidResponses);
    expect(sum(perUser.map((user) => user.balance)) + sum(payments.map((payment) => payment.amount as number))).toBe(totalCharged);

    for (const user of perUser) {
      expect(user.balance).toBeGreaterThanOrEqual(0);
      expect(sum(user.ledger.map((entry) => entry.amount as number))).toBe(user.balance);
      const charges = user.ledger.filter((entry) => entry.kind === 'CHARGE');
      expect(sum(charges.map((entry) => entry.amount as number))).toBe(chargedBy.get(user.userId));
      const debits = user.ledger.filter((entry) => entry.kind === 'PAYMENT');
      expect(debits.map((entry) => entry.paymentId).sort()).toEqual(user.payments.map((payment) => payment.paymentId).sort());
    }

    const seatItems = await Promise.all(
      concerts.flatMap((concert) =>
        Array.from({ length: seats }, (_, index) => world.getItem(seatKey(concert.concertId, concert.date, index + 1))),
      ),
    );
    expect(seatItems.filter((seat) => seat?.status === 'SOLD')).toHaveLength(payments.length);

    for (const payment of payments) {
      const reservation = await world.getItem(reservationKey(payment.reservationId as string));
      expect(reservation).toMatchObject({ status: 'CONFIRMED', userId: payment.userId, price: payment.amount });
      const seat = await world.getItem(seatKey(reservation!.concertId as string, reservation!.date as string, (reservation!.seatNos as number[])[0]!));
      expect(seat).toMatchObject({ status: 'SOLD', ownerId: payment.userId, reservationId: payment.reservationId });
    }
  });
});
