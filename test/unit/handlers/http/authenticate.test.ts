import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { JwtQueueTokens } from '../../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../../lambdas/adapters/jwt/signing-keys';
import type { QueuePolicy, QueueToken } from '../../../../lambdas/domain/queue';
import { errorResponder } from '../../../../lambdas/handlers/http/error-responder';
import type { LiveTokenOptions } from '../../../../lambdas/handlers/http/authenticate';
import { requireLiveToken, verifyBearerToken } from '../../../../lambdas/handlers/http/authenticate';
import type { HttpResponse, RouteEvent } from '../../../../lambdas/handlers/http/types';
import { invokeOutsideContract as invoke } from '../../../support/invoke';
import type { HttpHandler } from '../../../support/invoke';

const policy: QueuePolicy = { maxActiveTokens: 2, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
const t0 = 1_800_000_000_000;
const clock = { current: t0, now() { return this.current; } };
const codec = new JwtQueueTokens(new StaticSigningKeys('middleware-test-secret'));
const tokens = new Map<string, QueueToken>();
const reader = { findToken: async (tokenId: string) => tokens.get(tokenId) };

const store = (token: Partial<QueueToken> & Pick<QueueToken, 'tokenId' | 'status'>): QueueToken => {
  const full: QueueToken = { userId: 'user-1', concertId: 'concert-1', issuedAtMs: t0, lastPolledAtMs: t0, admittedAtMs: t0, ticket: 1, shard: 0, ...token };
  tokens.set(full.tokenId, full);
  return full;
};
const jwtFor = (token: QueueToken) => codec.sign({ userId: token.userId, tokenId: token.tokenId, concertId: token.concertId }, { issuedAtMs: t0, expiresAtMs: t0 + 3_600_000 });

/** An echo handler behind the real middleware chain: it answers with what the middlewares put on the event. */
const echo = (options: LiveTokenOptions = {}): HttpHandler => {
  const chain = middy<RouteEvent, HttpResponse, Error, Context>().use(errorResponder());
  chain.use(verifyBearerToken({ verifier: codec, clock }));
  chain.use(requireLiveToken({ tokens: reader, clock, policy }, options));
  return chain.handler(async (event: RouteEvent) => ({
    statusCode: 200,
    body: JSON.stringify({ claims: event.claims, caller: event.caller }),
  })) as unknown as HttpHandler;
};

const byPathConcert = { active: true, concertIdOf: (event: RouteEvent) => event.pathParameters?.concertId };

describe('authentication middlewares', () => {
  beforeEach(() => {
    clock.current = t0;
    tokens.clear();
  });

  it('sets the claims and the caller for a live token', async () => {
    const token = store({ tokenId: 'w1', status: 'WAITING' });
    const response = await invoke(echo(), { token: await jwtFor(token) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      claims: { userId: 'user-1', tokenId: 'w1', concertId: 'concert-1' },
      caller: { userId: 'user-1', tokenId: 'w1', concertId: 'concert-1', status: 'WAITING' },
    });
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed bearer value', { authorization: 'Bearer not a token' }],
  ])('answers 401 INVALID_TOKEN with WWW-Authenticate for %s', async (_, headers) => {
    const response = await invoke(echo(), { headers });
    expect(response.statusCode).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 401 for a tampered token', async () => {
    const jwt = await jwtFor(store({ tokenId: 'w1', status: 'WAITING' }));
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await invoke(echo(), { token: `${header}.${payload}.${flipped}` })).statusCode).toBe(401);
  });

  it('answers 401 for a token the table does not know', async () => {
    const jwt = await codec.sign({ userId: 'user-1', tokenId: 'ghost', concertId: 'concert-1' }, { issuedAtMs: t0, expiresAtMs: t0 + 3_600_000 });
    expect((await invoke(echo(), { token: jwt })).statusCode).toBe(401);
  });

  it.each(['EXPIRED', 'LEFT', 'PAID'] as const)('answers 401 for a %s token', async (status) => {
    const jwt = await jwtFor(store({ tokenId: 'd1', status }));
    expect((await invoke(echo(), { token: jwt })).statusCode).toBe(401);
  });

  it('answers 401 for an idle WAITING token that no job has expired yet', async () => {
    const jwt = await jwtFor(store({ tokenId: 'w1', status: 'WAITING' }));
    clock.current = t0 + 120_000;
    expect((await invoke(echo(), { token: jwt })).statusCode).toBe(401);
  });

  it('answers 401 for an ACTIVE token past its lifetime that no job has expired yet', async () => {
    const jwt = await jwtFor(store({ tokenId: 'a1', status: 'ACTIVE' }));
    clock.current = t0 + 600_000;
    expect((await invoke(echo({ active: true }), { token: jwt })).statusCode).toBe(401);
  });

  it('answers 403 TOKEN_NOT_ACTIVE when the route needs an ACTIVE token and it is WAITING', async () => {
    const jwt = await jwtFor(store({ tokenId: 'w1', status: 'WAITING' }));
    const response = await invoke(echo(byPathConcert), { token: jwt, pathParameters: { concertId: 'concert-1' } });
    expect(response.statusCode).toBe(403);
    expect(response.body.error.code).toBe('TOKEN_NOT_ACTIVE');
  });

  it("answers 403 TOKEN_CONCERT_MISMATCH for an ACTIVE token of another concert's room", async () => {
    const jwt = await jwtFor(store({ tokenId: 'a1', status: 'ACTIVE' }));
    const response = await invoke(echo(byPathConcert), { token: jwt, pathParameters: { concertId: 'concert-2' } });
    expect(response.statusCode).toBe(403);
    expect(response.body.error.code).toBe('TOKEN_CONCERT_MISMATCH');
  });

  it('lets an ACTIVE token of the requested concert through', async () => {
    const jwt = await jwtFor(store({ tokenId: 'a1', status: 'ACTIVE' }));
    const response = await invoke(echo(byPathConcert), { token: jwt, pathParameters: { concertId: 'concert-1' } });
    expect(response.statusCode).toBe(200);
    expect(response.body.caller.status).toBe('ACTIVE');
  });

  it('refuses requireLiveToken without verifyBearerToken in front of it', async () => {
    const chain = middy<RouteEvent, HttpResponse, Error, Context>().use(errorResponder());
    chain.use(requireLiveToken({ tokens: reader, clock, policy }));
    const handler = chain.handler(async () => ({ statusCode: 200 })) as unknown as HttpHandler;
    expect((await invoke(handler, {})).statusCode).toBe(401);
  });
});
