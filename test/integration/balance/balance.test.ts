import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { idempotencyRecordKey } from '../../../lambdas/adapters/dynamodb/entities/idempotency-record';
import { userProfileKey } from '../../../lambdas/adapters/dynamodb/entities/user';
import type { TestTable } from '../../support/dynamodb';
import { createTestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld, sum } from '../../support/payment-fixtures';

jest.setTimeout(120_000);

describe('balance over DynamoDB Local', () => {
  let world: PaymentWorld;
  let handlers: { getBalance: HttpHandler; charge: HttpHandler };
  let concertId: string;
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
    world = paymentWorld(table);
    handlers = {
      getBalance: (await import('../../../lambdas/handlers/get-balance')).handler,
      charge: (await import('../../../lambdas/handlers/charge-balance')).handler,
    };
    ({ concertId } = await world.newConcert());
  });

  const fan = async () => {
    const userId = await world.newUser();
    const token = await world.issueToken(userId, concertId);
    return { userId, jwt: token.jwt };
  };

  /** A charge with a fresh Idempotency-Key (required on money routes) unless `headers` names one. */
  const charge = (jwt: string, body: unknown, headers: Record<string, string> = {}) =>
    invoke(handlers.charge, { method: 'POST', rawPath: '/balance/charge', token: jwt, body, headers: { 'idempotency-key': randomUUID(), ...headers } });

  /**
   * A charge as a contract-abiding client sends it: a 503 (the deadline came first on a busy machine) is retried
   * with the same key, which returns the one outcome. Tests then assert what was applied, not how fast.
   */
  const chargeUntilAnswered = async (jwt: string, body: unknown, key: string = randomUUID()) => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await charge(jwt, body, { 'idempotency-key': key });
      if (response.statusCode !== 503 || attempt >= 30) return response;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  };

  const expectLedgerMatches = async (userId: string, balance: number) => {
    const ledger = await world.ledgerOf(userId);
    expect(sum(ledger.map((entry) => entry.amount as number))).toBe(balance);
    expect(await world.balanceOf(userId)).toBe(balance);
  };

  it('answers the balance of a new user as 0', async () => {
    const { userId, jwt } = await fan();
    const response = await invoke(handlers.getBalance, { rawPath: '/balance', token: jwt });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ userId, balance: 0 });
  });

  it('refuses a charge without an Idempotency-Key with 400 VALIDATION_ERROR naming the header, and changes nothing', async () => {
    const { userId, jwt } = await fan();
    const response = await invoke(handlers.charge, { method: 'POST', rawPath: '/balance/charge', token: jwt, body: { amount: 10 } });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toMatch(/Idempotency-Key/);
    expect(await world.balanceOf(userId)).toBe(0);
  });

  it('refuses a request without a token with 401 INVALID_TOKEN', async () => {
    const response = await invoke(handlers.getBalance, { rawPath: '/balance' });
    expect(response.statusCode).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });

  it('answers 401 INVALID_TOKEN, a code of the contract, when a credential names a user the table does not hold', async () => {
    const { userId, userKey } = await world.newUserWithKey();
    const { jwt } = await world.issueToken(userId, concertId);
    await table.db.send(new DeleteCommand({ TableName: table.tableName, Key: userProfileKey(userId) }));
    const answers = [
      await invoke(handlers.getBalance, { rawPath: '/balance', token: userKey }),
      await invoke(handlers.getBalance, { rawPath: '/balance', token: jwt }),
      await charge(jwt, { amount: 10 }),
    ];
    for (const response of answers) {
      expect({ status: response.statusCode, code: response.body.error.code, challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        code: 'INVALID_TOKEN',
        challenge: 'Bearer',
      });
    }
  });

  it('charges, answers the new balance and writes one ledger entry with it', async () => {
    const { userId, jwt } = await fan();
    expect((await charge(jwt, { amount: 30_000 })).body).toEqual({ userId, balance: 30_000, charged: 30_000 });
    const second = await charge(jwt, { amount: 1 });
    expect(second.statusCode).toBe(200);
    expect(second.body).toEqual({ userId, balance: 30_001, charged: 1 });

    const ledger = await world.ledgerOf(userId);
    expect(ledger.map(({ kind, amount, balanceAfter }) => ({ kind, amount, balanceAfter }))).toEqual([
      { kind: 'CHARGE', amount: 30_000, balanceAfter: 30_000 },
      { kind: 'CHARGE', amount: 1, balanceAfter: 30_001 },
    ]);
    expect((await invoke(handlers.getBalance, { rawPath: '/balance', token: jwt })).body).toEqual({ userId, balance: 30_001 });
  });

  it('accepts the bounds 1 and 1,000,000', async () => {
    const { jwt } = await fan();
    expect((await charge(jwt, { amount: 1 })).statusCode).toBe(200);
    expect((await charge(jwt, { amount: 1_000_000 })).body.balance).toBe(1_000_001);
  });

  it.each([0, -1, 1_000_001, 1.5, 0.1, '1000', null, true, [1000], { won: 1000 }])(
    'refuses amount %j with 400 INVALID_AMOUNT and changes nothing',
    async (amount) => {
      const { userId, jwt } = await fan();
      const response = await charge(jwt, { amount });
      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('INVALID_AMOUNT');
      await expectLedgerMatches(userId, 0);
    },
  );

  it.each([
    ['a missing amount', {}],
    ['an extra field', { amount: 1000, currency: 'KRW' }],
    ['a body that is not an object', [1000]],
    ['malformed JSON', '{"amount":'],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_, body) => {
    const { jwt } = await fan();
    const response = await charge(jwt, body);
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('names the amount rule when the amount is missing', async () => {
    const { jwt } = await fan();
    const response = await charge(jwt, {});
    expect(response.body.error.message).toBe('amount: required, an integer number of won from 1 to 1000000');
  });

  it('applies every one of 100 parallel charges exactly once (a 503 on a busy machine is retried with its key)', async () => {
    const { userId, jwt } = await fan();
    const responses = await Promise.all(Array.from({ length: 100 }, () => chargeUntilAnswered(jwt, { amount: 1_000 })));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(100).fill(200));
    // Each response tells the balance right after its own charge: 1,000 … 100,000, each exactly once.
    expect(responses.map((response) => response.body.balance as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, index) => (index + 1) * 1_000),
    );
    await expectLedgerMatches(userId, 100_000);
    expect(await world.ledgerOf(userId)).toHaveLength(100);
  });

  it('fills the balance to exactly 100,000,000 and refuses to pass it with 409 BALANCE_LIMIT_EXCEEDED', async () => {
    const { userId, jwt } = await fan();
    const responses = await Promise.all(Array.from({ length: 100 }, () => chargeUntilAnswered(jwt, { amount: 1_000_000 })));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(100).fill(200));

    const refused = await charge(jwt, { amount: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.body.error.code).toBe('BALANCE_LIMIT_EXCEEDED');
    await expectLedgerMatches(userId, 100_000_000);
  });

  it('never passes the cap when parallel charges compete for the last room under it', async () => {
    const { userId } = await fan();
    await world.charge({ userId, amount: 1_000_000 });
    const results = await Promise.allSettled(
      Array.from({ length: 120 }, () => world.charge({ userId, amount: 1_000_000 })),
    );
    const applied = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter(
      (result) => result.status === 'rejected' && (result.reason as { code?: string }).code === 'BALANCE_LIMIT_EXCEEDED',
    ).length;
    expect(applied).toBe(99);
    expect(refused).toBe(21);
    await expectLedgerMatches(userId, 100_000_000);
  });

  describe('with an Idempotency-Key', () => {
    it('answers a retry with the first response and charges once', async () => {
      const { userId, jwt } = await fan();
      const first = await charge(jwt, { amount: 5_000 }, { 'Idempotency-Key': 'charge-1' });
      await charge(jwt, { amount: 7 });
      const retry = await charge(jwt, { amount: 5_000 }, { 'idempotency-key': 'charge-1' });
      expect(first.statusCode).toBe(200);
      expect(retry.statusCode).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.body).toEqual({ userId, balance: 5_000, charged: 5_000 });
      await expectLedgerMatches(userId, 5_007);
    });

    it('refuses the same key with another amount with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const { userId, jwt } = await fan();
      await charge(jwt, { amount: 5_000 }, { 'Idempotency-Key': 'k' });
      const reused = await charge(jwt, { amount: 6_000 }, { 'Idempotency-Key': 'k' });
      expect(reused.statusCode).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      await expectLedgerMatches(userId, 5_000);
    });

    it('keeps keys per user: another user may use the same key', async () => {
      const a = await fan();
      const b = await fan();
      await charge(a.jwt, { amount: 100 }, { 'Idempotency-Key': 'shared' });
      const other = await charge(b.jwt, { amount: 200 }, { 'Idempotency-Key': 'shared' });
      expect(other.body).toEqual({ userId: b.userId, balance: 200, charged: 200 });
    });

    it('applies 20 parallel requests with one key once and answers all of them alike', async () => {
      const { userId, jwt } = await fan();
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => chargeUntilAnswered(jwt, { amount: 2_500 }, 'burst')),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
      for (const response of responses) expect(response.body).toEqual({ userId, balance: 2_500, charged: 2_500 });
      await expectLedgerMatches(userId, 2_500);
      const record = await world.getItem(idempotencyRecordKey(userId, 'burst'));
      expect(record).toMatchObject({ statusCode: 200, ttl: expect.any(Number) });
    });

    it.each(['', 'has space', 'x'.repeat(65), 'ünïcode'])('refuses the malformed key %j with 400 VALIDATION_ERROR', async (key) => {
      const { userId, jwt } = await fan();
      const response = await charge(jwt, { amount: 100 }, { 'Idempotency-Key': key });
      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      await expectLedgerMatches(userId, 0);
    });
  });
});
