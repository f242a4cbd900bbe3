import { systemClock } from '../adapters/system';
import { leaveQueue } from '../use-cases/queue/leave-queue';
import { queuePolicy, queueTokenRepository } from './composition';
import { verifyBearer } from './http/auth-dependencies';
import { httpRouteWithoutInput } from './http/http-route';

const leave = leaveQueue({ tokens: queueTokenRepository, clock: systemClock, policy: queuePolicy });

// Only the JWT check in front: the use case reads the token, checks it is live, and ends it.
export const handler = httpRouteWithoutInput({ auth: verifyBearer() }, async ({ caller }) => {
  await leave(caller);
  return { statusCode: 204 };
});
