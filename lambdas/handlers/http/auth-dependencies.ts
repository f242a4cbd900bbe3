import type { MiddlewareObj } from '@middy/core';
import { DynamoUserKeyLookup } from '../../adapters/dynamodb/user-key-lookup';
import { JwtQueueTokenVerifier } from '../../adapters/jwt/jwt-queue-token-verifier';
import { systemClock } from '../../adapters/system';
import { userKeys } from '../../adapters/user-keys';
import { CredentialKind } from '../../domain/credentials';
import type { BearerClaims } from '../../use-cases/queue/ports';
import type { AuthenticatedUser } from '../../use-cases/users/authenticate-user';
import { documentClient, queuePolicy, queueTokenReader, settings, signingKeys } from '../composition';
import type { LiveTokenOptions } from './authenticate';
import { requireLiveToken, requireUser, requireUserKey, verifiedClaimsOf, verifyBearerToken } from './authenticate';
import type { RouteAuthentication } from './http-route';
import type { Caller, HttpResponse, RouteEvent } from './types';

/*
 * The routes' authentications, built on the shared clients (../composition.ts). Pure expressions: a function that
 * never verifies a queue token (it takes only user keys) drops the verifier and jose's code.
 */
export const queueTokenVerifier = /* @__PURE__ */ new JwtQueueTokenVerifier(signingKeys);
// A plain identifier as the argument: esbuild keeps a property read, and with it the class a function never uses.
const { tableName } = settings;
const userKeyLookup = /* @__PURE__ */ new DynamoUserKeyLookup(documentClient, tableName);
const userKeyAuthentication = { users: userKeyLookup, keys: userKeys };
const userAuthentication = {
  users: userKeyLookup,
  keys: userKeys,
  verifier: queueTokenVerifier,
  tokens: queueTokenReader,
  clock: systemClock,
  policy: queuePolicy,
};

const userOf = (event: RouteEvent): AuthenticatedUser => {
  if (!event.user) throw new Error('requireUser did not run');
  return event.user;
};

const liveTokenCallerOf = (event: RouteEvent): Caller => {
  if (!event.caller) throw new Error('requireLiveToken did not run');
  return event.caller;
};

/**
 * For "(user)" routes: the caller is the user of a user key or of a live queue token (WAITING or ACTIVE, any
 * concert). `run` gets `caller` (never undefined).
 */
export const authenticateUser = (): RouteAuthentication<AuthenticatedUser> => ({
  middlewares: [requireUser(userAuthentication, CredentialKind.user)],
  callerOf: userOf,
});

/** For routes that need the user's key itself (entering a waiting room, recovering a token): a queue token is 401. */
export const authenticateUserKey = (): RouteAuthentication<AuthenticatedUser> => ({
  middlewares: [requireUserKey(userKeyAuthentication)],
  callerOf: userOf,
});

/** Only the JWT check: the caller is what the verified token claims, for use cases that check liveness themselves. */
export const verifyBearer = (): RouteAuthentication<BearerClaims> => ({
  middlewares: [verifyBearerToken({ verifier: queueTokenVerifier, clock: systemClock })],
  callerOf: verifiedClaimsOf,
});

/**
 * For "needs a token": JWT check, then the live token from the table; the caller is that token's holder.
 * `authenticate({ active: true, concertIdOf })` for endpoints that need an ACTIVE token of that concert.
 * `beforeLivenessCheck` runs in between, knowing the caller's user but not yet whether the token is live: the
 * idempotent replay, so that the retry of a payment that ended its token still gets its original answer.
 */
export const authenticate = (
  options: LiveTokenOptions = {},
  beforeLivenessCheck: readonly MiddlewareObj<RouteEvent, HttpResponse>[] = [],
): RouteAuthentication<Caller> => ({
  middlewares: [
    ...verifyBearer().middlewares,
    ...beforeLivenessCheck,
    requireLiveToken({ tokens: queueTokenReader, clock: systemClock, policy: queuePolicy }, options),
  ],
  callerOf: liveTokenCallerOf,
});
