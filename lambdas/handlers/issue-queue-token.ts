import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { JwtQueueTokenSigner } from '../adapters/jwt/jwt-queue-tokens';
import { systemClock, uuidGenerator } from '../adapters/system';
import { loadSettings } from '../config';
import { issueTokenBody } from '../contract/schemas';
import { issueQueueToken } from '../use-cases/queue/issue-queue-token';
import { authenticateUserKey, documentClient, jwtSecret, queuePolicy, queueTokenRepository } from './http/auth-dependencies';
import { BusinessMetric, recordCount } from '../observability/metrics';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const issue = issueQueueToken({
  tokens: queueTokenRepository,
  rooms: new DynamoRoomRepository(documentClient, settings.tableName, settings.queueShards, systemClock),
  signer: new JwtQueueTokenSigner(jwtSecret),
  clock: systemClock,
  ids: uuidGenerator,
  policy: queuePolicy,
});

// The user comes from their key, never from the body: knowing a userId grants nothing.
export const handler = httpRoute({ body: issueTokenBody, auth: authenticateUserKey() }, async ({ body, user }) => {
  const issued = await issue(user.userId, body.concertId);
  recordCount(BusinessMetric.tokensIssued);
  return {
    statusCode: 201,
    body: {
      token: issued.jwt,
      status: issued.status,
      position: issued.position,
      estimatedWaitSeconds: issued.estimatedWaitSeconds,
      pollAfterSeconds: issued.pollAfterSeconds,
      expiresAt: new Date(issued.expiresAtMs).toISOString(),
    },
  };
});
