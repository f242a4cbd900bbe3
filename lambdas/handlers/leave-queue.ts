import { systemClock } from '../adapters/system';
import { leaveQueue } from '../use-cases/queue/leave-queue';
import { queuePolicy, queueTokenRepository, verifyBearer } from './http/auth-dependencies';
import { verifiedClaimsOf } from './http/authenticate';
import { httpRoute } from './http/http-route';

const leave = leaveQueue({ tokens: queueTokenRepository, clock: systemClock, policy: queuePolicy });

// Only the JWT check in front: the use case reads the token, checks it is live, and ends it.
export const handler = httpRoute({ middlewares: verifyBearer() }, async ({ event }) => {
  await leave(verifiedClaimsOf(event));
  return { statusCode: 204 };
});
