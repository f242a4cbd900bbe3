import type { MiddlewareObj } from '@middy/core';
import { InvalidTokenError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import type { Clock } from '../../use-cases/ports';
import type { QueueTokenReader, QueueTokenVerifier } from '../../use-cases/queue/ports';
import { resolveLiveToken } from '../../use-cases/queue/resolve-live-token';
import { header } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

const bearerPattern = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i;

/**
 * Checks the `Authorization: Bearer <jwt>` header (signature, HS256 only, issuer, audience, expiry) and sets
 * `event.claims`. It does not read the table: pair it with requireLiveToken, or check liveness in the use case.
 */
export const verifyBearerToken = (deps: { verifier: QueueTokenVerifier; clock: Clock }): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: async (request) => {
    const authorization = header(request.event, 'authorization');
    if (!authorization) throw new InvalidTokenError('missing bearer token');
    const match = bearerPattern.exec(authorization);
    if (!match?.[1]) throw new InvalidTokenError('malformed authorization header');
    request.event.claims = await deps.verifier.verify(match[1], deps.clock.now());
  },
});

export interface LiveTokenOptions {
  /** The route needs an ACTIVE token: a WAITING one gets 403 TOKEN_NOT_ACTIVE. */
  readonly active?: boolean;
  /** The concert the request is about (read from validated params or body); another concert's token gets 403. */
  readonly concertIdOf?: (event: RouteEvent) => string | undefined;
}

/**
 * Loads the token named by `event.claims` with a consistent read and refuses it unless it is live (401), ACTIVE
 * when required (403 TOKEN_NOT_ACTIVE) and for the requested concert (403 TOKEN_CONCERT_MISMATCH). Sets
 * `event.caller`. Runs after verifyBearerToken.
 */
export const requireLiveToken = (
  deps: { tokens: QueueTokenReader; clock: Clock; policy: QueuePolicy },
  options: LiveTokenOptions = {},
): MiddlewareObj<RouteEvent, HttpResponse> => {
  const resolve = resolveLiveToken(deps);
  return {
    before: async (request) => {
      const { event } = request;
      if (!event.claims) throw new InvalidTokenError('bearer token not verified');
      const concertId = options.concertIdOf?.(event);
      const token = await resolve(event.claims, {
        ...(options.active ? { active: true } : {}),
        ...(concertId === undefined ? {} : { concertId }),
      });
      event.caller = { userId: token.userId, tokenId: token.tokenId, concertId: token.concertId, status: token.status };
    },
  };
};
