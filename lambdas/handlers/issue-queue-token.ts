import { DynamoStandaloneIdempotencyRecords } from '../adapters/dynamodb/idempotency-record-repository';
import { DynamoQueueTokenIssuer } from '../adapters/dynamodb/queue-token-issuer';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { JwtQueueTokenSigner } from '../adapters/jwt/jwt-queue-tokens';
import { systemClock, uuidGenerator } from '../adapters/system';
import { issueTokenBody } from '../contract/schemas';
import { idempotentOperations } from '../domain/idempotency';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { answerOnce } from '../use-cases/queue/answer-once';
import { issueQueueToken } from '../use-cases/queue/issue-queue-token';
import { documentClient, queuePolicy, settings, signingKeys } from './composition';
import { authenticateUserKey } from './http/auth-dependencies';
import { afterChallenge, requireChallengeOrReplay } from './http/challenge';
import { httpRoute } from './http/http-route';
import { idempotentRequestOf, replayIdempotentRequest } from './http/idempotency';
import { issuedTokenBody } from './http/queue-token-body';

const operation = idempotentOperations.queueToken;
const idempotencyRecords = new DynamoStandaloneIdempotencyRecords(documentClient, settings.tableName);
const once = answerOnce({ idempotencyRecords, clock: systemClock });
const challenge = requireChallengeOrReplay({ signingKeys, db: documentClient, tableName: settings.tableName, maxNumber: settings.challengeMaxNumber });
const issue = issueQueueToken({
  tokens: new DynamoQueueTokenIssuer(documentClient, settings.tableName, settings.queueShards),
  rooms: new DynamoRoomRepository(documentClient, settings.tableName, settings.queueShards, systemClock),
  signer: new JwtQueueTokenSigner(signingKeys),
  clock: systemClock,
  ids: uuidGenerator,
  policy: queuePolicy,
});

// The user comes from their key, never from the body: knowing a userId grants nothing. An Idempotency-Key replays
// the first answer (recorded right after the issue, token included: it grants nothing once the token is dead).
export const handler = httpRoute(
  {
    body: issueTokenBody,
    // The proof of work first, then the key: nothing is read for a request without a valid solution (or, for a
    // retry with an Idempotency-Key, with the solution its first attempt spent).
    auth: afterChallenge(challenge.check, authenticateUserKey()),
    middlewares: [replayIdempotentRequest({ idempotencyRecords, operation }), challenge.refuseUnlessReplayed],
  },
  async ({ body, caller, event }) => {
    const answer = await once({ userId: caller.userId, operation, request: idempotentRequestOf(event, operation) }, async () => {
      const issued = issuedTokenBody(await issue(caller.userId, body.concertId));
      recordCount(BusinessMetric.tokensIssued);
      return issued;
    });
    return { statusCode: operation.successStatus, body: answer };
  },
);
