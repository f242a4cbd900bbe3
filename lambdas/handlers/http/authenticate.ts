import type { MiddlewareObj } from '@middy/core';
import { CredentialKind, credentialKindOf } from '../../domain/credentials';
import { InvalidTokenError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import type { Clock } from '../../use-cases/ports';
import type { BearerClaims, QueueTokenReader, QueueTokenVerifier } from '../../use-cases/queue/ports';
import { resolveLiveToken } from '../../use-cases/queue/resolve-live-token';
import type { UserAuthenticationDeps, UserKeyAuthenticationDeps } from '../../use-cases/users/authenticate-user';
import { authenticateUser, authenticateUserKey } from '../../use-cases/users/authenticate-user';
import { header } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

const bearerPattern = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i;

/** The credential of `Authorization: Bearer <credential>`; a missing or malformed header is refused for `expected`. */
export const bearerCredential = (event: RouteEvent, expected: CredentialKind): string => {
  const authorization = header(event, 'authorization');
  if (!authorization) throw new InvalidTokenError('missing', expected);
  const match = bearerPattern.exec(authorization);
  if (!match?.[1]) throw new InvalidTokenError('malformed', expected);
  return match[1];
};

/**
 * Checks the `Authorization: Bearer <jwt>` header (signature, HS256 only, issuer, audience, expiry) and sets
 * `event.claims`. It does not read the table: pair it with requireLiveToken, or check liveness in the use case.
 * A user key is refused here (401): these routes act for one place in one waiting room.
 */
export const verifyBearerToken = (deps: { verifier: QueueTokenVerifier; clock: Clock }): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: async (request) => {
    const credential = bearerCredential(request.event, CredentialKind.queueToken);
    if (credentialKindOf(credential) === CredentialKind.userKey) throw new InvalidTokenError('userKeyNotAccepted');
    request.event.claims = await deps.verifier.verify(credential, deps.clock.now());
  },
});

/**
 * For routes that act for a user rather than for a place in line: sets `event.user` from a user key or, when
 * `accepts` is `user`, from a live queue token of that user (see authenticateUser). Knowing a userId is not enough.
 */
export const requireUser = (
  deps: UserAuthenticationDeps,
  accepts: typeof CredentialKind.userKey | typeof CredentialKind.user,
): MiddlewareObj<RouteEvent, HttpResponse> => {
  const authenticate = authenticateUser(deps);
  return {
    before: async (request) => {
      request.event.user = await authenticate(bearerCredential(request.event, accepts), accepts);
    },
  };
};

/** For routes that need the user's key itself: sets `event.user` from a user key; a queue token is refused (401). */
export const requireUserKey = (deps: UserKeyAuthenticationDeps): MiddlewareObj<RouteEvent, HttpResponse> => {
  const authenticate = authenticateUserKey(deps);
  return {
    before: async (request) => {
      request.event.user = await authenticate(bearerCredential(request.event, CredentialKind.userKey));
    },
  };
};

/** The claims verifyBearerToken set; fails closed (401) on a route that forgot it. */
export const verifiedClaimsOf = (event: RouteEvent): BearerClaims => {
  if (!event.claims) throw new InvalidTokenError('missing');
  return event.claims;
};

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
      // Fails closed: without verified claims in front (a wiring mistake) nobody gets in.
      if (!event.claims) throw new InvalidTokenError('missing');
      const concertId = options.concertIdOf?.(event);
      const token = await resolve(event.claims, {
        ...(options.active ? { active: true } : {}),
        ...(concertId === undefined ? {} : { concertId }),
      });
      event.caller = { userId: token.userId, tokenId: token.tokenId, concertId: token.concertId, status: token.status };
    },
  };
};
