import type { IssuedQueueToken } from '../../use-cases/queue/issue-queue-token';

/** The body of `POST /queue/tokens` (201) and `GET /queue/tokens?concertId=` (200): the same fields by contract. */
export const issuedTokenBody = (issued: IssuedQueueToken) => ({
  token: issued.jwt,
  status: issued.status,
  position: issued.position,
  estimatedWaitSeconds: issued.estimatedWaitSeconds,
  pollAfterSeconds: issued.pollAfterSeconds,
  expiresAt: new Date(issued.expiresAtMs).toISOString(),
});
