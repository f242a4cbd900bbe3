import { SignJWT, UnsecuredJWT } from 'jose';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { jwtAudience, jwtIssuer } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { userRegistry } from '../../support/users';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';

process.env.JWT_SECRET = 'queue-http-test-secret-long-enough-for-hs256';
process.env.MAX_ACTIVE_TOKENS = '2';

describe('waiting room over HTTP (DynamoDB Local)', () => {
  let table: TestTable;
  let handlers: Record<'issue' | 'me' | 'leave' | 'status' | 'seats' | 'sweeper', HttpHandler>;

  beforeAll(async () => {
    table = await createTestTable();
    handlers = {
      issue: (await import('../../../lambdas/handlers/issue-queue-token')).handler,
      me: (await import('../../../lambdas/handlers/get-my-queue-token')).handler,
      leave: (await import('../../../lambdas/handlers/leave-queue')).handler,
      status: (await import('../../../lambdas/handlers/get-queue-status')).handler,
      seats: (await import('../../../lambdas/handlers/list-seats')).handler,
      sweeper: (await import('../../../lambdas/handlers/sweeper')).handler as unknown as HttpHandler,
    };
  });

  const keyOf = new Map<string, string>();
  const newUser = async (): Promise<string> => {
    const { userId, userKey } = await userRegistry(table)();
    keyOf.set(userId, userKey);
    return userId;
  };
  const newConcert = async (seats = 3): Promise<string> =>
    (
      await createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
        title: 'Live',
        venue: 'Hall',
        dates: ['2099-12-24'],
        seatsPerDate: seats,
        price: 50_000,
      })
    ).concert.concertId;
  const issue = (body: unknown, userKey?: string) =>
    invoke(handlers.issue, { method: 'POST', rawPath: '/queue/tokens', body, ...(userKey ? { token: userKey } : {}) });
  /** POST /queue/tokens with the user's key: the body names only the concert. */
  const issueAs = (userId: string, concertId: string) => issue({ concertId }, keyOf.get(userId));
  const me = (token?: string) => invoke(handlers.me, { rawPath: '/queue/tokens/me', ...(token ? { token } : {}) });
  const leave = (token: string) => invoke(handlers.leave, { method: 'DELETE', rawPath: '/queue/tokens/me', token });
  const status = (concertId: string) => invoke(handlers.status, { rawPath: `/concerts/${concertId}/queue`, pathParameters: { concertId } });
  const seats = (concertId: string, date: string, token?: string) =>
    invoke(handlers.seats, { rawPath: `/concerts/${concertId}/dates/${date}/seats`, pathParameters: { concertId, date }, ...(token ? { token } : {}) });

  it('issues an ACTIVE token at once into an empty room, with the contract fields', async () => {
    const [userId, concertId] = [await newUser(), await newConcert()];
    const before = Date.now();
    const response = await issueAs(userId, concertId);
    expect(response.statusCode).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['estimatedWaitSeconds', 'expiresAt', 'pollAfterSeconds', 'position', 'status', 'token']);
    expect(response.body).toMatchObject({ status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: expect.any(Number) });
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(response.body.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('queues the token once the room is full, with a position, no estimate before the line has moved, a poll pace and an idle deadline', async () => {
    const concertId = await newConcert();
    for (let i = 0; i < 2; i += 1) expect((await issueAs(await newUser(), concertId)).body.status).toBe('ACTIVE');
    const response = await issueAs(await newUser(), concertId);
    expect(response.statusCode).toBe(201);
    // Nobody has been admitted from the line yet: no observed rate, no estimate; the poll pace grows with the position.
    expect(response.body).toMatchObject({ status: 'WAITING', position: 1, estimatedWaitSeconds: null, pollAfterSeconds: 1 });
    expect(Date.parse(response.body.expiresAt)).toBeLessThanOrEqual(Date.now() + 120_000);

    const polled = await me(response.body.token);
    expect(polled.statusCode).toBe(200);
    expect(Object.keys(polled.body).sort()).toEqual(['estimatedWaitSeconds', 'expiresAt', 'pollAfterSeconds', 'position', 'status']);
    expect(polled.body).toMatchObject({ status: 'WAITING', position: 1 });
    expect((await status(concertId)).body).toEqual({ concertId, status: 'ON_SALE', saleOpensAt: null, waiting: 1, active: 2, maxActive: 2, admittedLastMinute: 2 });
  });

  it('answers 409 TOKEN_ALREADY_ISSUED while the user holds a live token for the concert', async () => {
    const [userId, concertId] = [await newUser(), await newConcert()];
    expect((await issueAs(userId, concertId)).statusCode).toBe(201);
    const again = await issueAs(userId, concertId);
    expect(again.statusCode).toBe(409);
    expect(again.body.error.code).toBe('TOKEN_ALREADY_ISSUED');
  });

  it('gives exactly one of many concurrent issues by one user a token', async () => {
    const [userId, concertId] = [await newUser(), await newConcert()];
    const responses = await Promise.all(Array.from({ length: 12 }, () => issueAs(userId, concertId)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((code) => code === 201)).toHaveLength(1);
    expect(statuses.filter((code) => code === 409)).toHaveLength(11);
    expect((await status(concertId)).body).toMatchObject({ waiting: 0, active: 1 });
  });

  it('lets a user hold tokens for two concerts at once', async () => {
    const userId = await newUser();
    expect((await issueAs(userId, await newConcert())).statusCode).toBe(201);
    expect((await issueAs(userId, await newConcert())).statusCode).toBe(201);
  });

  it('answers 404 CONCERT_NOT_FOUND', async () => {
    const noConcert = await issueAs(await newUser(), 'no-such-concert');
    expect(noConcert.statusCode).toBe(404);
    expect(noConcert.body.error.code).toBe('CONCERT_NOT_FOUND');
    const noRoom = await status('no-such-concert');
    expect(noRoom.statusCode).toBe(404);
    expect(noRoom.body.error.code).toBe('CONCERT_NOT_FOUND');
  });

  it.each([
    ['a userId in the body (the user comes from the key)', { userId: '7f0c1d6e-0000-4000-8000-000000000001', concertId: 'c1' }],
    ['a missing concertId', {}],
    ['an unknown field', { concertId: 'c1', vip: true }],
    ['malformed JSON', '{"concertId":'],
  ])('answers 400 VALIDATION_ERROR for %s', async (_, body) => {
    const response = await issue(body);
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 400 VALIDATION_ERROR for a malformed concert id in the queue status path', async () => {
    const response = await invoke(handlers.status, { rawPath: '/concerts/a b/queue', pathParameters: { concertId: 'a b' } });
    expect(response.statusCode).toBe(400);
  });

  it('kills the token on DELETE: 204, then 401 on reuse, and its slot is free for the next issue', async () => {
    const concertId = await newConcert();
    const first = await issueAs(await newUser(), concertId);
    await issueAs(await newUser(), concertId);
    expect((await leave(first.body.token)).statusCode).toBe(204);
    const reused = await me(first.body.token);
    expect(reused.statusCode).toBe(401);
    expect(reused.headers['www-authenticate']).toBe('Bearer');
    expect((await leave(first.body.token)).statusCode).toBe(401);
    expect((await status(concertId)).body).toMatchObject({ active: 1, waiting: 0 });
    expect((await issueAs(await newUser(), concertId)).body.status).toBe('ACTIVE');
  });

  it('lets a user who left take a new token', async () => {
    const [userId, concertId] = [await newUser(), await newConcert()];
    const first = await issueAs(userId, concertId);
    await leave(first.body.token);
    expect((await issueAs(userId, concertId)).statusCode).toBe(201);
  });

  it('admits a waiter into the slot a leaver freed on the next sweep', async () => {
    const concertId = await newConcert();
    const holders = [await issueAs(await newUser(), concertId), await issueAs(await newUser(), concertId)];
    const waiter = await issueAs(await newUser(), concertId);
    expect(waiter.body.status).toBe('WAITING');
    await leave(holders[0]?.body.token);
    await handlers.sweeper({} as never, {} as never);
    const polled = await me(waiter.body.token);
    expect(polled.body).toMatchObject({ status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0 });
  });

  it('admits a waiter at its own poll when a slot is free within its reach, with no sweep and no stream', async () => {
    const concertId = await newConcert();
    const holders = [await issueAs(await newUser(), concertId), await issueAs(await newUser(), concertId)];
    const waiter = await issueAs(await newUser(), concertId);
    expect(waiter.body.status).toBe('WAITING');
    await leave(holders[0]?.body.token);
    const polled = await me(waiter.body.token);
    expect(polled.statusCode).toBe(200);
    expect(polled.body).toMatchObject({ status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0 });
    expect((await status(concertId)).body).toMatchObject({ active: 2, waiting: 0 });
  });

  describe('bad bearer tokens', () => {
    let valid: { token: string; userId: string; concertId: string; tokenId: string };
    // The key the server signs with, derived from JWT_SECRET exactly as the service does.
    const serverKey = () => new StaticSigningKeys(process.env.JWT_SECRET).current();
    const craft = async (expiresAtSeconds: number, signingKey?: { kid: string; key: Uint8Array }) => {
      const { kid, key } = signingKey ?? (await serverKey());
      return new SignJWT({ cid: valid.concertId })
        .setProtectedHeader({ alg: 'HS256', kid })
        .setIssuer(jwtIssuer)
        .setAudience(jwtAudience)
        .setSubject(valid.userId)
        .setJti(valid.tokenId)
        .setIssuedAt(expiresAtSeconds - 3600)
        .setExpirationTime(expiresAtSeconds)
        .sign(key);
    };

    beforeAll(async () => {
      const [userId, concertId] = [await newUser(), await newConcert()];
      const token = (await issueAs(userId, concertId)).body.token as string;
      const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
      valid = { token, userId, concertId, tokenId: payload.jti };
    });

    const expectInvalid = async (token: string | undefined) => {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.body.error.code).toBe('INVALID_TOKEN');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    };

    it('accepts the untouched token', async () => {
      expect((await me(valid.token)).statusCode).toBe(200);
    });

    it('refuses a missing token', () => expectInvalid(undefined));

    it('refuses a token with a tampered payload', async () => {
      const [header, , signature] = valid.token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: valid.userId, jti: 'other', cid: valid.concertId, iss: jwtIssuer, aud: jwtAudience })).toString('base64url');
      await expectInvalid(`${header}.${payload}.${signature}`);
    });

    it('accepts a token crafted with the server key that has not expired (control for the next test)', async () => {
      expect((await me(await craft(Math.floor(Date.now() / 1000) + 3600))).statusCode).toBe(200);
    });

    it('refuses an expired token', async () => {
      await expectInvalid(await craft(Math.floor(Date.now() / 1000) - 3600));
    });

    it('refuses an alg:none token', async () => {
      const unsecured = new UnsecuredJWT({ cid: valid.concertId })
        .setIssuer(jwtIssuer)
        .setAudience(jwtAudience)
        .setSubject(valid.userId)
        .setJti(valid.tokenId)
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode();
      await expectInvalid(unsecured);
    });
  });

  describe('seat map', () => {
    it('lists every seat ascending for an ACTIVE token of the concert', async () => {
      const concertId = await newConcert(3);
      const token = (await issueAs(await newUser(), concertId)).body.token;
      const response = await seats(concertId, '2099-12-24', token);
      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        concertId,
        date: '2099-12-24',
        soldOut: false,
        seats: [1, 2, 3].map((seatNo) => ({ seatNo, status: 'AVAILABLE', price: 50_000, grade: 'STANDARD' })),
      });
    });

    it('answers 404 DATE_NOT_FOUND for a date without seats', async () => {
      const concertId = await newConcert();
      const token = (await issueAs(await newUser(), concertId)).body.token;
      const response = await seats(concertId, '2099-12-31', token);
      expect(response.statusCode).toBe(404);
      expect(response.body.error.code).toBe('DATE_NOT_FOUND');
    });

    it('answers 403 TOKEN_NOT_ACTIVE to a waiting token', async () => {
      const concertId = await newConcert();
      await issueAs(await newUser(), concertId);
      await issueAs(await newUser(), concertId);
      const waiting = (await issueAs(await newUser(), concertId)).body.token;
      const response = await seats(concertId, '2099-12-24', waiting);
      expect(response.statusCode).toBe(403);
      expect(response.body.error.code).toBe('TOKEN_NOT_ACTIVE');
    });

    it("answers 403 TOKEN_CONCERT_MISMATCH to an ACTIVE token of another concert's room", async () => {
      const [mine, other] = [await newConcert(), await newConcert()];
      const token = (await issueAs(await newUser(), mine)).body.token;
      const response = await seats(other, '2099-12-24', token);
      expect(response.statusCode).toBe(403);
      expect(response.body.error.code).toBe('TOKEN_CONCERT_MISMATCH');
    });

    it('answers 401 without a token and 400 for a malformed date', async () => {
      const concertId = await newConcert();
      expect((await seats(concertId, '2099-12-24')).statusCode).toBe(401);
      const token = (await issueAs(await newUser(), concertId)).body.token;
      expect((await seats(concertId, '2099-13-40', token)).statusCode).toBe(400);
    });
  });
});
