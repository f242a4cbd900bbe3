import type { MiddlewareObj } from '@middy/core';
import { idempotencyKey } from '../../contract/schemas';
import { CredentialKind } from '../../domain/credentials';
import { InvalidTokenError, TokenConcertMismatchError, TokenNotActiveError, ValidationError } from '../../domain/errors';
import type { IdempotentOperation, IdempotentRequest } from '../../domain/idempotency';
import { hashKeyedRequest } from '../../domain/idempotency';
import { findRecordedResponse } from '../../use-cases/idempotency/keyed-requests';
import type { IdempotencyRecordReader } from '../../use-cases/idempotency/ports';
import type { QueueTokenVerifier } from '../../use-cases/queue/ports';
import { bearerCredential } from './authenticate';
import { header, toHttpResponse } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

/**
 * The request's `Idempotency-Key` with the hash of its operation and validated body (and path parameters, when the
 * route has any), or undefined when the header is absent.
 * A malformed key (not 1..64 of A-Z a-z 0-9 _ -) is a 400, and so is a missing one where `operation` requires it.
 */
export function idempotentRequestOf(event: RouteEvent, operation: IdempotentOperation & { keyRequired: true }): IdempotentRequest;
export function idempotentRequestOf(event: RouteEvent, operation: IdempotentOperation): IdempotentRequest | undefined;
export function idempotentRequestOf(event: RouteEvent, operation: IdempotentOperation): IdempotentRequest | undefined {
  const key = header(event, 'idempotency-key');
  if (key === undefined) {
    if (operation.keyRequired) throw new ValidationError('the Idempotency-Key header is required on this route (1-64 characters of A-Z a-z 0-9 _ -)');
    return undefined;
  }
  if (!idempotencyKey.safeParse(key).success) throw new ValidationError('Idempotency-Key must be 1-64 characters of A-Z a-z 0-9 _ -');
  const { body, params } = event.validated ?? {};
  // A route whose path names what it acts on (a refund's reservation) hashes the path too: the same key on another
  // reservation is another request (422), not a replay.
  return { key, requestHash: hashKeyedRequest(operation, params === undefined ? body : { params, body }) };
}

const isTokenRefusal = (error: unknown): boolean =>
  error instanceof InvalidTokenError || error instanceof TokenNotActiveError || error instanceof TokenConcertMismatchError;

/**
 * Answers a retried request from its record, before the token's liveness is checked: a payment ends the token it
 * was made with, and its retry must still get the original 201. The same key with another body is a 422.
 * Runs after verifyBearerToken (the record belongs to the JWT's user) and before requireLiveToken, or after
 * authenticateUser on a "(user)" route.
 *
 * A retry sent while the first request was still running may find no record yet and then a token the first
 * request has just ended; when the token check refuses it, the record is looked up once more.
 */
export const replayIdempotentRequest = (deps: {
  idempotencyRecords: IdempotencyRecordReader;
  operation: IdempotentOperation;
}): MiddlewareObj<RouteEvent, HttpResponse> => {
  const find = findRecordedResponse(deps);
  // A missing key is refused by the route itself, after the credential checks (a dead token is 401 first).
  const keyOptional = { ...deps.operation, keyRequired: false };
  const recordedHttpResponse = async (event: RouteEvent, idempotency: IdempotentRequest): Promise<HttpResponse | undefined> => {
    // The user of a "(user)" route, or the JWT's user on a queue-token route (before its liveness is known).
    const userId = event.user?.userId ?? event.claims?.userId;
    if (!userId) throw new Error('replayIdempotentRequest runs after authentication');
    const record = await find({ userId, operation: deps.operation, request: idempotency });
    return record ? toHttpResponse({ statusCode: record.statusCode, body: record.response }) : undefined;
  };
  return {
    // A returned response ends the request here: middy skips the token check and the handler.
    before: async (request) => {
      const idempotency = idempotentRequestOf(request.event, keyOptional);
      return idempotency ? recordedHttpResponse(request.event, idempotency) : undefined;
    },
    onError: async (request) => {
      if (!isTokenRefusal(request.error) || !(request.event.user ?? request.event.claims)) return undefined;
      const idempotency = idempotentRequestOf(request.event, keyOptional);
      if (!idempotency) return undefined;
      try {
        return await recordedHttpResponse(request.event, idempotency);
      } catch {
        // Still no answer from a record (or another body): the token's refusal stands.
        return undefined;
      }
    },
  };
};

/**
 * For a route whose retry must get its recorded answer however late it comes (a payment: the client must learn that
 * it paid): a queue token whose signature has expired since still names its user, its signature checked as of just
 * before its `exp`, so that replayIdempotentRequest (registered before this, so its onError runs after this one) can
 * answer the retry from the record. The refusal stands for anything else: nothing acts on these claims.
 */
export const claimsOfExpiredSignature = (deps: { verifier: QueueTokenVerifier }): MiddlewareObj<RouteEvent, HttpResponse> => ({
  onError: async ({ error, event }) => {
    const expiredAtMs = error instanceof InvalidTokenError ? error.context.expiredAtMs : undefined;
    if (typeof expiredAtMs !== 'number') return;
    event.claims = await deps.verifier.verify(bearerCredential(event, CredentialKind.queueToken), expiredAtMs - 1000).catch(() => undefined);
  },
});
