import type { MiddlewareObj } from '@middy/core';
import { createDocumentClient } from '../../adapters/dynamodb/client';
import { DynamoQueueTokenReader } from '../../adapters/dynamodb/queue-token-reader';
import { DynamoQueueTokenRepository } from '../../adapters/dynamodb/queue-token-repository';
import { signingKeysFromEnvironment } from '../../adapters/jwt/signing-keys';
import { JwtQueueTokenVerifier } from '../../adapters/jwt/jwt-queue-token-verifier';
import { systemClock } from '../../adapters/system';
import { loadSettings } from '../../config';
import type { QueuePolicy } from '../../domain/queue';
import { DynamoUserKeyLookup } from '../../adapters/dynamodb/user-key-lookup';
import { userKeys } from '../../adapters/user-keys';
import { CredentialKind } from '../../domain/credentials';
import type { AuthenticatedUser } from '../../use-cases/users/authenticate-user';
import type { LiveTokenOptions } from './authenticate';
import { requireLiveToken, requireUser, requireUserKey, verifyBearerToken } from './authenticate';
import type { RouteAuthentication } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

/**
 * Module-scope singletons for authentication, built once per cold start: the signing keys (read on first use and
 * again after a bounded time, from Secrets Manager on AWS), the JWT verifier, the token reader.
 */
const settings = loadSettings();
export const queuePolicy: QueuePolicy = settings;
/** One DynamoDB client per Lambda instance: handlers that authenticate reuse it. */
export const documentClient = createDocumentClient();
/** The signing keys, read on first use and again after a bounded time; the token-issuing handlers sign with them. */
export const signingKeys = signingKeysFromEnvironment();
// Pure: a function that never verifies a queue token (it takes only user keys) drops the verifier and jose's code.
const queueTokenVerifier = /* @__PURE__ */ new JwtQueueTokenVerifier(signingKeys);
// Pure too, with plain identifiers as arguments (esbuild keeps a property read): a function that reads tokens and
// user keys its own way (the hold reads the token with its seats) bundles neither repository.
const { tableName, queueShards } = settings;
/** Reads tokens: all that authentication and the liveness checks need. */
export const queueTokenReader = /* @__PURE__ */ new DynamoQueueTokenReader(documentClient, tableName);
/** Issues, polls and ends tokens: only the queue routes use it. */
export const queueTokenRepository = /* @__PURE__ */ new DynamoQueueTokenRepository(documentClient, tableName, queueShards);

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

/**
 * For "(user)" routes: the caller is the user of a user key or of a live queue token (WAITING or ACTIVE, any
 * concert). `run` gets `user` (never undefined).
 */
export const authenticateUser = (): RouteAuthentication<AuthenticatedUser> => ({
  middlewares: [requireUser(userAuthentication, CredentialKind.user)],
  userOf,
});

/** For routes that need the user's key itself (entering a waiting room, recovering a token): a queue token is 401. */
export const authenticateUserKey = (): RouteAuthentication<AuthenticatedUser> => ({
  middlewares: [requireUserKey(userKeyAuthentication)],
  userOf,
});

/** Only the JWT check (sets `event.claims`), for use cases that check liveness themselves. */
export const verifyBearer = (): MiddlewareObj<RouteEvent, HttpResponse>[] => [
  verifyBearerToken({ verifier: queueTokenVerifier, clock: systemClock }),
];

/**
 * The route middlewares for "needs a token": JWT check, then the live token from the table (sets `event.caller`).
 * `authenticate({ active: true, concertIdOf })` for endpoints that need an ACTIVE token of that concert.
 * `beforeLivenessCheck` runs in between, knowing the caller's user but not yet whether the token is live: the
 * idempotent replay, so that the retry of a payment that ended its token still gets its original answer.
 */
export const authenticate = (
  options: LiveTokenOptions = {},
  beforeLivenessCheck: readonly MiddlewareObj<RouteEvent, HttpResponse>[] = [],
): MiddlewareObj<RouteEvent, HttpResponse>[] => [
  ...verifyBearer(),
  ...beforeLivenessCheck,
  requireLiveToken({ tokens: queueTokenReader, clock: systemClock, policy: queuePolicy }, options),
];
