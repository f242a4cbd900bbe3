import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { systemClock } from '../adapters/system';
import { getMyQueueToken } from '../use-cases/queue/get-my-queue-token';
import { admitOnPoll, documentClient, queuePolicy, queueTokenRepository, settings } from './composition';
import { verifyBearer } from './http/auth-dependencies';
import { httpRouteWithoutInput } from './http/http-route';

const poll = getMyQueueToken({
  tokens: queueTokenRepository,
  rooms: new DynamoRoomRepository(documentClient, settings.tableName, settings.queueShards, systemClock),
  admitOnPoll,
  clock: systemClock,
  policy: queuePolicy,
});

// Only the JWT check in front: the use case reads the token, checks it is live, admits it if a free slot is within
// its reach, and records the poll.
export const handler = httpRouteWithoutInput({ auth: verifyBearer() }, async ({ caller }) => {
  const view = await poll(caller);
  return {
    statusCode: 200,
    body: {
      status: view.status,
      position: view.position,
      estimatedWaitSeconds: view.estimatedWaitSeconds,
      pollAfterSeconds: view.pollAfterSeconds,
      expiresAt: new Date(view.expiresAtMs).toISOString(),
    },
  };
});
