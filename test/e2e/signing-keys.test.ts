import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AltchaChallengeIssuer } from '../../lambdas/adapters/altcha-challenges';
import { JwtQueueTokens } from '../../lambdas/adapters/jwt/jwt-queue-tokens';
import { signingKeyOf, StaticSigningKeys } from '../../lambdas/adapters/jwt/signing-keys';
import { solveChallengeHeader } from '../../local/challenge-solver';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

const activeTtlSeconds = 600;
const idleSeconds = 120;

/**
 * Signing keys over real HTTP (issue #14): every token names its key (`kid`), expires when the token can no longer
 * be live (not a day later), and after a rotation (JWT_SECRET new, JWT_PREVIOUS_SECRET the old one) tokens of
 * the old key (and challenges it signed) keep working while new ones are signed with the new key.
 */
describe('local server over HTTP: signing keys and token expiry', () => {
  let server: TestServer;
  let concertId: string;

  beforeAll(async () => {
    server = await startTestServer({
      jwtSecret: 'key-after-rotation',
      env: {
        JWT_PREVIOUS_SECRET: 'key-before-rotation',
        MAX_ACTIVE_TOKENS: '1',
        ACTIVE_TOKEN_TTL_SECONDS: String(activeTtlSeconds),
        WAITING_TOKEN_IDLE_SECONDS: String(idleSeconds),
        CHALLENGE_MAX_NUMBER: '50',
      },
    });
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A solution of a challenge `issuer` hands out; by default the server's own. */
  const solved = async (issuer?: AltchaChallengeIssuer) => {
    const challenge = issuer ? await issuer.create(50, Date.now()) : (await server.request('GET', '/challenge')).body;
    return { 'x-challenge': (await solveChallengeHeader(challenge)).header };
  };
  const issue = async (name: string) => {
    const { userKey } = (await server.request('POST', '/users', { body: { name }, headers: await solved() })).body as { userKey: string };
    const response = await server.request('POST', '/queue/tokens', { token: userKey, body: { concertId }, headers: await solved() });
    expect(response.status).toBe(201);
    return { userKey, ...(response.body as { token: string; status: string; expiresAt: string }) };
  };
  const secondsOf = (iso: string) => Date.parse(iso) / 1000;

  it('names the current key in every token, and ends an ACTIVE token at its deadline, a WAITING one an ACTIVE life after its idle deadline', async () => {
    const active = await issue('first in');
    const waiting = await issue('second in');
    expect([active.status, waiting.status]).toEqual(['ACTIVE', 'WAITING']);
    for (const { token } of [active, waiting]) expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: signingKeyOf('key-after-rotation', 'test').kid });
    expect(decodeJwt(active.token).exp).toBe(Math.floor(secondsOf(active.expiresAt)));
    expect(decodeJwt(waiting.token).exp).toBe(Math.floor(secondsOf(waiting.expiresAt) + activeTtlSeconds));
    expect(secondsOf(waiting.expiresAt) - (decodeJwt(waiting.token).iat as number)).toBeLessThanOrEqual(idleSeconds + 1);

    // A recovered token is signed afresh the same way.
    const recovered = await server.request('GET', `/queue/tokens?concertId=${concertId}`, { token: active.userKey });
    expect(decodeJwt(recovered.body.token).exp).toBe(Math.floor(secondsOf(recovered.body.expiresAt)));
  });

  it('accepts a token signed with the previous key, refuses one of any other key or naming none', async () => {
    const { token } = await issue('rotated fan');
    const claims = { userId: decodeJwt(token).sub as string, tokenId: decodeJwt(token).jti as string, concertId };
    const validity = { issuedAtMs: Date.now(), expiresAtMs: Date.now() + 60_000 };
    const signedWith = (secret: string) => new JwtQueueTokens(new StaticSigningKeys(secret)).sign(claims, validity);

    const previous = await server.request('GET', '/queue/tokens/me', { token: await signedWith('key-before-rotation') });
    expect(previous.status).toBe(200);
    const older = await server.request('GET', '/queue/tokens/me', { token: await signedWith('key-before-that') });
    expect(older.status).toBe(401);
    expect(older.body.error.code).toBe('INVALID_TOKEN');
    const [, payload, signature] = token.split('.');
    const withoutKid = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${payload}.${signature}`;
    expect((await server.request('GET', '/queue/tokens/me', { token: withoutKid })).status).toBe(401);
  });

  it('accepts a challenge handed out before the rotation (signed with the previous key), refuses one of any other key', async () => {
    const register = async (secret: string) =>
      server.request('POST', '/users', { body: { name: 'fan' }, headers: await solved(new AltchaChallengeIssuer(new StaticSigningKeys(secret))) });
    expect((await register('key-before-rotation')).status).toBe(201);
    expect((await register('key-after-rotation')).status).toBe(201);
    const other = await register('key-before-that');
    expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 403, code: 'CHALLENGE_FAILED' });
  });
});
