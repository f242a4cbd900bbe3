import { SignJWT } from 'jose';
import { jwtAudience, jwtIssuer } from '../../lambdas/adapters/jwt/jwt-queue-tokens';
import type { TestResponse, TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';
import { userProfileKey } from '../../lambdas/adapters/dynamodb/entities/user';
import { tokenIdOf } from '../support/queue-tokens';

/**
 * Who may act for a user, over real HTTP (issue #14): a user key or a live queue token of that user, never a
 * userId, never a dead token, and each kind of credential only where the contract accepts it.
 */
describe('local server over HTTP: user keys and credentials', () => {
  let server: TestServer;
  let concertId: string;
  let date: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_ACTIVE_TOKENS: '5' } });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
    date = (await server.request('GET', `/concerts/${concertId}/dates`)).body.dates[0].date;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const register = async (name = 'fan'): Promise<{ userId: string; userKey: string }> => {
    const response = await server.request('POST', '/users', { body: { name } });
    expect(response.status).toBe(201);
    return response.body;
  };
  const issue = async (userKey: string): Promise<string> => {
    const response = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
    expect(response.status).toBe(201);
    return response.body.token;
  };
  const expect401 = (response: TestResponse, messagePart?: string | RegExp) => {
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    if (messagePart !== undefined) expect(response.body.error.message).toMatch(messagePart);
  };

  /** Every "(user)" route, with a harmless request; each must refuse what the test hands it. */
  const userRoutes = (reservationId: string) =>
    [
      ['GET', '/balance', undefined],
      ['POST', '/balance/charge', { amount: 1000 }],
      ['GET', `/reservations/${reservationId}`, undefined],
      ['DELETE', `/reservations/${reservationId}`, undefined],
      ['POST', '/users/me/key', undefined],
    ] as const;

  it('returns a user key once from POST /users, and the key acts for that user only', async () => {
    const [alice, bob] = [await register('alice'), await register('bob')];
    expect(alice.userKey).toMatch(/^uk_[A-Za-z0-9_-]{40,}$/);
    expect(alice.userKey).not.toBe(bob.userKey);
    const balance = await server.request('GET', '/balance', { token: alice.userKey });
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({ userId: alice.userId, balance: 0 });
    const charged = await server.request('POST', '/balance/charge', {
      token: bob.userKey,
      body: { amount: 5000 },
      headers: { 'idempotency-key': 'bob-charge' },
    });
    expect(charged.body).toEqual({ userId: bob.userId, balance: 5000, charged: 5000 });
    expect((await server.request('GET', '/balance', { token: alice.userKey })).body.balance).toBe(0);
  });

  it('stores no user key in the clear', async () => {
    const { userId, userKey } = await register();
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const profile = (await server.db.send(new GetCommand({ TableName: server.tableName, Key: userProfileKey(userId) }))).Item;
    expect(JSON.stringify(profile)).not.toContain(userKey);
    expect(JSON.stringify(profile)).not.toContain(userKey.slice(3));
  });

  describe('a userId alone can do nothing', () => {
    it('POST /queue/tokens with a userId in the body and no key: 400 for the body, 401 without a key', async () => {
      const victim = await register('victim');
      const withUserId = await server.request('POST', '/queue/tokens', { body: { userId: victim.userId, concertId } });
      expect(withUserId.status).toBe(400);
      expect(withUserId.body.error.code).toBe('VALIDATION_ERROR');
      expect401(await server.request('POST', '/queue/tokens', { body: { concertId } }), /no credential/);
    });

    it('a userId as the bearer credential is refused on every kind of route', async () => {
      const victim = await register('victim');
      for (const [method, path, body] of userRoutes('r-1')) {
        expect401(await server.request(method, path, { token: victim.userId, ...(body ? { body } : {}) }));
      }
      expect401(await server.request('POST', '/queue/tokens', { token: victim.userId, body: { concertId } }));
      expect401(await server.request('GET', '/queue/tokens/me', { token: victim.userId }));
    });

    it("a queue token forged with the victim's userId but not our key is refused", async () => {
      const victim = await register('victim');
      const forged = await new SignJWT({ cid: concertId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(jwtIssuer)
        .setAudience(jwtAudience)
        .setSubject(victim.userId)
        .setJti('forged')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-server-key-but-long-enough-for-hs256'));
      expect401(await server.request('GET', '/balance', { token: forged }), /not valid/);
      expect401(await server.request('GET', `/concerts/${concertId}/dates/${date}/seats`, { token: forged }));
    });

    it("a made-up user key is refused, and the victim's balance is untouched", async () => {
      const victim = await register('victim');
      expect401(await server.request('POST', '/balance/charge', { token: `uk_${'A'.repeat(43)}`, body: { amount: 10 } }), /user key is not valid/);
      expect((await server.request('GET', '/balance', { token: victim.userKey })).body.balance).toBe(0);
    });
  });

  describe('the wrong kind of credential is 401', () => {
    it('a user key on every queue-token route', async () => {
      const { userKey } = await register();
      await issue(userKey);
      const routes = [
        ['GET', '/queue/tokens/me', undefined],
        ['DELETE', '/queue/tokens/me', undefined],
        ['GET', `/concerts/${concertId}/dates/${date}/seats`, undefined],
        ['POST', '/reservations', { concertId, date, seatNo: 1 }],
        ['POST', '/payments', { reservationId: 'r-1' }],
      ] as const;
      for (const [method, path, body] of routes) {
        expect401(await server.request(method, path, { token: userKey, ...(body ? { body } : {}) }), /user key is not accepted here/);
      }
    });

    it('a queue token on POST /queue/tokens', async () => {
      const { userKey } = await register();
      const token = await issue(userKey);
      expect401(await server.request('POST', '/queue/tokens', { token, body: { concertId } }), /queue token is not accepted here/);
    });

    it('says what is missing and what to send', async () => {
      expect401(await server.request('GET', '/balance'), /no credential was sent.*user key/);
      expect401(await server.request('GET', '/balance', { headers: { authorization: 'Basic abc' } }), /not "Bearer <credential>"/);
      expect401(await server.request('GET', '/queue/tokens/me'), /POST \/queue\/tokens/);
    });
  });

  describe('a live queue token acts for its user on "(user)" routes', () => {
    it('reads the balance, charges and reads and cancels its reservation', async () => {
      const { userId, userKey } = await register();
      const token = await issue(userKey);
      expect((await server.request('GET', '/balance', { token })).body).toEqual({ userId, balance: 0 });
      const hold = await server.request('POST', '/reservations', { token, body: { concertId, date, seatNo: 3 } });
      expect(hold.status).toBe(201);
      expect((await server.request('GET', `/reservations/${hold.body.reservationId}`, { token: userKey })).body.status).toBe('HELD');
      expect((await server.request('DELETE', `/reservations/${hold.body.reservationId}`, { token: userKey })).status).toBe(204);
    });
  });

  describe('a dead queue token can do nothing', () => {
    it('after leaving: 401 on every route, saying it was given up; the key still works', async () => {
      const { userKey } = await register();
      const token = await issue(userKey);
      const hold = await server.request('POST', '/reservations', { token, body: { concertId, date, seatNo: 4 } });
      expect(hold.status).toBe(201);
      expect((await server.request('DELETE', '/queue/tokens/me', { token })).status).toBe(204);

      for (const [method, path, body] of userRoutes(hold.body.reservationId)) {
        expect401(await server.request(method, path, { token, ...(body ? { body } : {}) }), /given up/);
      }
      expect401(await server.request('GET', '/queue/tokens/me', { token }), /given up/);
      expect401(await server.request('POST', '/reservations', { token, body: { concertId, date, seatNo: 5 } }), /given up/);
      expect401(await server.request('POST', '/payments', { token, body: { reservationId: hold.body.reservationId } }));
      // Nothing happened: the hold is still there, the balance untouched.
      expect((await server.request('GET', `/reservations/${hold.body.reservationId}`, { token: userKey })).body.status).toBe('HELD');
      expect((await server.request('GET', '/balance', { token: userKey })).body.balance).toBe(0);
    });
  });

  describe('POST /users/me/key', () => {
    it('replaces the key: the old one is 401 at once, the new one works, live tokens stay live', async () => {
      const { userId, userKey: oldKey } = await register();
      const token = await issue(oldKey);
      const rotated = await server.request('POST', '/users/me/key', { token: oldKey });
      expect(rotated.status).toBe(200);
      expect(Object.keys(rotated.body).sort()).toEqual(['userId', 'userKey']);
      expect(rotated.body.userId).toBe(userId);
      expect(rotated.body.userKey).toMatch(/^uk_[A-Za-z0-9_-]{40,}$/);
      expect(rotated.body.userKey).not.toBe(oldKey);
      expect(rotated.headers.get('cache-control')).toBe('no-store');

      expect401(await server.request('GET', '/balance', { token: oldKey }), /replaced by POST \/users\/me\/key/);
      expect401(await server.request('POST', '/queue/tokens', { token: oldKey, body: { concertId } }));
      expect((await server.request('GET', '/balance', { token: rotated.body.userKey })).status).toBe(200);
      expect((await server.request('GET', '/queue/tokens/me', { token })).status).toBe(200);
      expect((await server.request('GET', '/balance', { token })).status).toBe(200);
    });

    it.each([
      ['an unknown field', { userKey: 'uk_mine' }, /body: unknown field "userKey"; allowed: none/],
      ['malformed JSON', '{"', /not valid JSON/],
      ['a list', '[]', /body: an object with no fields, got a list/],
    ])('refuses a body of %s with 400 VALIDATION_ERROR and keeps the key', async (_, body, message) => {
      const { userKey } = await register();
      const refused = await server.request('POST', '/users/me/key', { token: userKey, body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      expect(refused.body.error.message).toMatch(message);
      expect((await server.request('GET', '/balance', { token: userKey })).status).toBe(200);
    });

    it('accepts no body or an empty object', async () => {
      const { userKey } = await register();
      const withoutBody = await server.request('POST', '/users/me/key', { token: userKey });
      expect(withoutBody.status).toBe(200);
      const withEmptyObject = await server.request('POST', '/users/me/key', { token: withoutBody.body.userKey, body: {} });
      expect(withEmptyObject.status).toBe(200);
    });

    it('works with a live queue token (a user who lost the key), and concurrent rotations leave exactly one key', async () => {
      const { userKey } = await register();
      const token = await issue(userKey);
      const rotations = await Promise.all(Array.from({ length: 5 }, () => server.request('POST', '/users/me/key', { token })));
      // Racing rotations of one user settle within a few rounds; one that keeps losing is a 503 that changed nothing.
      expect(rotations.every((response) => response.status === 200 || response.status === 503)).toBe(true);
      expect(rotations.some((response) => response.status === 200)).toBe(true);
      const valid = [];
      const issuedKeys = rotations.filter((response) => response.status === 200).map((response) => response.body.userKey as string);
      for (const key of [userKey, ...issuedKeys]) {
        if ((await server.request('GET', '/balance', { token: key })).status === 200) valid.push(key);
      }
      expect(valid).toHaveLength(1);
    });
  });

  describe('a lost POST /queue/tokens answer is recovered', () => {
    const recover = (credential: string | undefined, query = `concertId=${concertId}`) =>
      server.request('GET', `/queue/tokens?${query}`, credential ? { token: credential } : {});

    it('by GET /queue/tokens?concertId=: the same place, a token that works, and the poll keeps it alive', async () => {
      const { userKey } = await register();
      const first = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
      expect(first.status).toBe(201);

      const recovered = await recover(userKey);
      expect(recovered.status).toBe(200);
      expect(Object.keys(recovered.body).sort()).toEqual(Object.keys(first.body).sort());
      expect(recovered.body).toMatchObject({ status: first.body.status, position: first.body.position });
      expect(tokenIdOf(recovered.body.token)).toBe(tokenIdOf(first.body.token));
      expect((await server.request('GET', '/queue/tokens/me', { token: recovered.body.token })).status).toBe(200);
      expect((await server.request('GET', '/queue/tokens/me', { token: first.body.token })).status).toBe(200);
    });

    it('answers 404 TOKEN_NOT_FOUND without a live token, 401 to a queue token, 400 without concertId', async () => {
      const { userKey } = await register();
      const none = await recover(userKey);
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('TOKEN_NOT_FOUND');
      const token = await issue(userKey);
      expect401(await recover(token), /queue token is not accepted here/);
      expect401(await recover(undefined));
      const missing = await recover(userKey, '');
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('VALIDATION_ERROR');
      expect((await server.request('DELETE', '/queue/tokens/me', { token })).status).toBe(204);
      expect((await recover(userKey)).body.error.code).toBe('TOKEN_NOT_FOUND');
    });

    it('by retrying with the same Idempotency-Key: the first answer again, once; another body is 422', async () => {
      const { userKey } = await register();
      const headers = { 'idempotency-key': 'enter-room-1' };
      const first = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers });
      expect(first.status).toBe(201);
      const retried = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers });
      expect(retried.status).toBe(201);
      expect(retried.body).toEqual(first.body);
      const withoutKey = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } });
      expect(withoutKey.status).toBe(409);
      expect(withoutKey.body.error.code).toBe('TOKEN_ALREADY_ISSUED');
      const otherBody = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId: 'another-concert' }, headers });
      expect(otherBody.status).toBe(422);
      expect(otherBody.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // Keys belong to their user: another fan's same key is a new request.
      const other = await register();
      expect((await server.request('POST', '/queue/tokens', { token: other.userKey, body: { concertId }, headers })).status).toBe(201);
    });

    it('gives concurrent retries with one key one token between them', async () => {
      const { userKey } = await register();
      const headers = { 'idempotency-key': 'enter-room-concurrently' };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers })),
      );
      expect(responses.every((response) => response.status === 201 || response.status === 409)).toBe(true);
      const issued = responses.filter((response) => response.status === 201);
      expect(issued.length).toBeGreaterThanOrEqual(1);
      expect(new Set(issued.map((response) => tokenIdOf(response.body.token))).size).toBe(1);
      const retried = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers });
      expect(tokenIdOf(retried.body.token)).toBe(tokenIdOf(issued[0]?.body.token));
    });
  });
});
