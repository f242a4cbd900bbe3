import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AltchaChallengeIssuer } from '../../lambdas/adapters/altcha-challenges';
import { StaticSigningKeys } from '../../lambdas/adapters/jwt/signing-keys';
import type { Challenge } from '../../lambdas/domain/challenge';
import { solveChallengeHeader } from '../../local/challenge-solver';
import type { TestResponse, TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

/** Proof of work on POST /users and POST /queue/tokens (issue #14), with a small difficulty so tests solve fast. */
describe('local server over HTTP: proof of work', () => {
  let server: TestServer;
  let concertId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CHALLENGE_MAX_NUMBER: '500' } });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const solved = async (): Promise<string> => {
    const response = await server.request('GET', '/challenge');
    expect(response.status).toBe(200);
    return (await solveChallengeHeader(response.body as Challenge)).header;
  };
  /** Every item of the test's own table: "nothing was written" is the same count before and after. */
  const itemCount = async (): Promise<number> => {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await server.db.send(new ScanCommand({ TableName: server.tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: startKey }));
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  };
  const expect403 = (response: TestResponse, code: string) => {
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(/GET \/challenge/);
  };
  const register = async (): Promise<string> => {
    const response = await server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': await solved() } });
    expect(response.status).toBe(201);
    return response.body.userKey;
  };

  it('hands out ALTCHA v1 challenges that store nothing', async () => {
    const before = await itemCount();
    const response = await server.request('GET', '/challenge');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['algorithm', 'challenge', 'maxnumber', 'salt', 'signature']);
    expect(response.body).toMatchObject({ algorithm: 'SHA-256', maxnumber: 500 });
    expect(response.body.salt).toMatch(/expires=\d+/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await itemCount()).toBe(before);
  });

  it('POST /users: missing 403 CHALLENGE_REQUIRED, solved 201, reused 403 CHALLENGE_FAILED; refusals write nothing', async () => {
    const before = await itemCount();
    expect403(await server.request('POST', '/users', { body: { name: 'fan' } }), 'CHALLENGE_REQUIRED');
    expect(await itemCount()).toBe(before);

    const solution = await solved();
    expect((await server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': solution } })).status).toBe(201);
    const afterOne = await itemCount();
    expect(afterOne).toBe(before + 3); // the user, the user key's lookup item, the spent challenge

    expect403(await server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': solution } }), 'CHALLENGE_FAILED');
    expect(await itemCount()).toBe(afterOne);
  });

  it('refuses forged, tampered, expired and unreadable solutions with 403 CHALLENGE_FAILED, writing nothing', async () => {
    const payload = JSON.parse(Buffer.from(await solved(), 'base64').toString());
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const otherKey = new AltchaChallengeIssuer(new StaticSigningKeys('not-the-service-key'));
    const forged = await solveChallengeHeader(await otherKey.create(500, Date.now()));
    const serviceKey = new AltchaChallengeIssuer(new StaticSigningKeys(process.env.JWT_SECRET));
    const expired = await solveChallengeHeader(await serviceKey.create(500, Date.now() - 301_000));
    const before = await itemCount();
    for (const solution of [
      forged.header,
      expired.header,
      encode({ ...payload, number: payload.number + 1 }),
      encode({ ...payload, signature: '0'.repeat(64) }),
      encode({ ...payload, algorithm: 'SHA-1' }),
      'not base64 json',
      'A'.repeat(5000),
    ]) {
      expect403(await server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': solution } }), 'CHALLENGE_FAILED');
    }
    expect(await itemCount()).toBe(before);
    // The untouched solution still works: the refusals above spent nothing.
    expect((await server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': encode(payload) } })).status).toBe(201);
  });

  it('POST /queue/tokens: the challenge comes before the key, and a solution is accepted once', async () => {
    const userKey = await register();
    const before = await itemCount();
    expect403(await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId } }), 'CHALLENGE_REQUIRED');
    // Even a request without a key is refused for the challenge first: nothing is read or written before it.
    expect403(await server.request('POST', '/queue/tokens', { body: { concertId } }), 'CHALLENGE_REQUIRED');
    expect(await itemCount()).toBe(before);

    const solution = await solved();
    const issued = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: { 'x-challenge': solution } });
    expect(issued.status).toBe(201);
    const afterIssue = await itemCount();
    expect403(await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: { 'x-challenge': solution } }), 'CHALLENGE_FAILED');
    expect(await itemCount()).toBe(afterIssue);
  });

  it('POST /queue/tokens: a retry with the same Idempotency-Key and solution gets the first answer; the solution serves no other request', async () => {
    const userKey = await register();
    const solution = await solved();
    const keyed = (key: string) => ({ token: userKey, body: { concertId }, headers: { 'x-challenge': solution, 'idempotency-key': key } });
    const issued = await server.request('POST', '/queue/tokens', keyed('enter-1'));
    expect(issued.status).toBe(201);
    const afterIssue = await itemCount();

    const retried = await server.request('POST', '/queue/tokens', keyed('enter-1'));
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(issued.body);
    // Another key, no key, or another user's request: new work, which needs a fresh solution.
    expect403(await server.request('POST', '/queue/tokens', keyed('enter-2')), 'CHALLENGE_FAILED');
    expect403(await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: { 'x-challenge': solution } }), 'CHALLENGE_FAILED');
    const otherUser = await register();
    expect403(
      await server.request('POST', '/queue/tokens', { token: otherUser, body: { concertId }, headers: { 'x-challenge': solution, 'idempotency-key': 'enter-1' } }),
      'CHALLENGE_FAILED',
    );
    expect(await itemCount()).toBe(afterIssue + 3); // the other user's registration: its spent challenge, profile and key
  });

  it('accepts one of many concurrent uses of one solution', async () => {
    const solution = await solved();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => server.request('POST', '/users', { body: { name: 'fan' }, headers: { 'x-challenge': solution } })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 403)).toHaveLength(7);
  });

  it('asks for no solution where none is needed', async () => {
    expect((await server.request('GET', '/concerts')).status).toBe(200);
    const userKey = await register();
    expect((await server.request('GET', '/balance', { token: userKey })).status).toBe(200);
  });
});
