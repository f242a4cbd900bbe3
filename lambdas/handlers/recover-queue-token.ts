import { DynamoLiveTokenLookup } from '../adapters/dynamodb/live-token-lookup';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { JwtQueueTokenSigner } from '../adapters/jwt/jwt-queue-tokens';
import { systemClock } from '../adapters/system';
import { concertQuery } from '../contract/schemas';
import { getMyQueueToken } from '../use-cases/queue/get-my-queue-token';
import { recoverQueueToken } from '../use-cases/queue/recover-queue-token';
import { admitOnPoll, documentClient, queuePolicy, queueTokenRepository, settings, signingKeys } from './composition';
import { authenticateUserKey } from './http/auth-dependencies';
import { httpRoute } from './http/http-route';
import { issuedTokenBody } from './http/queue-token-body';

const recover = recoverQueueToken({
  locks: new DynamoLiveTokenLookup(documentClient, settings.tableName),
  poll: getMyQueueToken({
    tokens: queueTokenRepository,
    rooms: new DynamoRoomRepository(documentClient, settings.tableName, settings.queueShards, systemClock),
    admitOnPoll,
    clock: systemClock,
    policy: queuePolicy,
  }),
  signer: new JwtQueueTokenSigner(signingKeys),
  clock: systemClock,
  policy: queuePolicy,
});

// GET /queue/tokens?concertId= (user key): the caller's live token of that concert, freshly signed.
export const handler = httpRoute({ query: concertQuery, auth: authenticateUserKey() }, async ({ query, caller }) => ({
  statusCode: 200,
  body: issuedTokenBody(await recover(caller.userId, query.concertId)),
  headers: { 'cache-control': 'no-store' },
}));
