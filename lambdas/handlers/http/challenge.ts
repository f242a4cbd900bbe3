import type { MiddlewareObj } from '@middy/core';
import { AltchaChallengeVerifier } from '../../adapters/altcha-challenges';
import type { SigningKeys } from '../../adapters/jwt/signing-keys';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSpentChallenges } from '../../adapters/dynamodb/spent-challenges';
import { systemClock } from '../../adapters/system';
import { ChallengeSpentError } from '../../domain/errors';
import { checkChallenge } from '../../use-cases/challenges/check-challenge';
import type { RouteAuthentication } from './http-route';
import { header } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

interface ChallengeDependencies {
  signingKeys: SigningKeys;
  db: DynamoDBDocumentClient;
  tableName: string;
  maxNumber: number;
}

/** Checks the request's `X-Challenge` when `maxNumber` > 0; spending the solution is the request's first write. */
const challengeCheck = (deps: ChallengeDependencies) => {
  const check = checkChallenge({
    verifier: new AltchaChallengeVerifier(deps.signingKeys),
    spent: new DynamoSpentChallenges(deps.db, deps.tableName),
    clock: systemClock,
  });
  return async (event: RouteEvent): Promise<void> => {
    if (deps.maxNumber > 0) await check(header(event, 'x-challenge'));
  };
};

/**
 * The proof-of-work check of `POST /users` (`X-Challenge`), when `maxNumber` > 0. It runs right after validation,
 * before any other storage is read or written: spending the solution is the first write.
 */
export const requireChallenge = (deps: ChallengeDependencies): MiddlewareObj<RouteEvent, HttpResponse> => {
  const check = challengeCheck(deps);
  return { before: (request) => check(request.event) };
};

/**
 * The proof of work of a route whose retries are answered from their Idempotency-Key record (`POST /queue/tokens`).
 * A retry brings the solution its first attempt spent: refused at once, a client that lost the answer could never
 * have it again by sending the same request. So a spent but otherwise valid solution on a request with an
 * Idempotency-Key is refused only once authentication and `replayIdempotentRequest` found no record of that user's
 * key with that body: `check` goes in front of the authentication, `refuseUnlessReplayed` after the replay. A replay
 * does no new work, so it needs no new proof of it; any other request with that solution is refused as before.
 */
export const requireChallengeOrReplay = (
  deps: ChallengeDependencies,
): { check: MiddlewareObj<RouteEvent, HttpResponse>; refuseUnlessReplayed: MiddlewareObj<RouteEvent, HttpResponse> } => {
  const check = challengeCheck(deps);
  const heldBack = new WeakMap<RouteEvent, ChallengeSpentError>();
  return {
    check: {
      before: async (request) => {
        try {
          await check(request.event);
        } catch (error) {
          if (!(error instanceof ChallengeSpentError) || header(request.event, 'idempotency-key') === undefined) throw error;
          heldBack.set(request.event, error);
        }
      },
    },
    refuseUnlessReplayed: {
      before: (request) => {
        const spent = heldBack.get(request.event);
        if (spent) throw spent;
      },
    },
  };
};

/** `authentication` with the proof of work in front of it, so a user key is looked up only after a valid solution. */
export const afterChallenge = <TCaller>(
  challenge: MiddlewareObj<RouteEvent, HttpResponse>,
  authentication: RouteAuthentication<TCaller>,
): RouteAuthentication<TCaller> => ({ ...authentication, middlewares: [challenge, ...authentication.middlewares] });
