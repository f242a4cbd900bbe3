import type { LiveQueueTokenStatus, QueuePolicy, QueueToken } from '../../domain/queue';
import { deadlineOf, estimatedWaitSeconds } from '../../domain/queue';

/** What the holder of a token is told about it. */
export interface QueueTokenView {
  readonly status: LiveQueueTokenStatus;
  readonly position: number;
  readonly estimatedWaitSeconds: number;
  /** WAITING: last poll + idle window; ACTIVE: admission + active lifetime. */
  readonly expiresAtMs: number;
}

export const viewOf = (token: QueueToken & { status: LiveQueueTokenStatus }, position: number, policy: QueuePolicy): QueueTokenView => ({
  status: token.status,
  position,
  estimatedWaitSeconds: estimatedWaitSeconds(position, policy),
  expiresAtMs: deadlineOf(token, policy) as number,
});
