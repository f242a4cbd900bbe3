import type { MiddlewareObj } from '@middy/core';
import { AltchaChallengeVerifier } from '../../adapters/altcha-challenges';
import type { SigningKeys } from '../../adapters/jwt/signing-keys';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSpentChallenges } from '../../adapters/dynamodb/spent-challenges';
import { systemClock } from '../../adapters/system';
import { checkChallenge } from '../../use-cases/challenges/check-challenge';
import type { RouteAuthentication } from './http-route';
import { header } from './http-route';
import type { HttpResponse, RouteEvent } from './types';

/**
 * The proof-of-work check of `POST /users` and `POST /queue/tokens` (`X-Challenge`), when `maxNumber` > 0. It runs
 * right after validation, before any other storage is read or written: spending the solution is the first write.
 */
export const requireChallenge = (deps: {
  signingKeys: SigningKeys;
  db: DynamoDBDocumentClient;
  tableName: string;
  maxNumber: number;
}): MiddlewareObj<RouteEvent, HttpResponse> => {
  const check = checkChallenge({
    verifier: new AltchaChallengeVerifier(deps.signingKeys),
    spent: new DynamoSpentChallenges(deps.db, deps.tableName),
    clock: systemClock,
  });
  return {
    before: async (request) => {
      if (deps.maxNumber > 0) await check(header(request.event, 'x-challenge'));
    },
  };
};

/** `authentication` with the proof of work in front of it, so a user key is looked up only after a valid solution. */
export const afterChallenge = <TCaller>(
  challenge: MiddlewareObj<RouteEvent, HttpResponse>,
  authentication: RouteAuthentication<TCaller>,
): RouteAuthentication<TCaller> => ({ ...authentication, middlewares: [challenge, ...authentication.middlewares] });
