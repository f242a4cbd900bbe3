import type { LiveQueueTokenStatus, QueuePolicy, QueueToken } from '../../domain/queue';
import { deadlineOf, estimatedWaitSeconds } from '../../domain/queue';

/** What the holder of a token is told about it. */
export interface QueueTokenView {
  readonly status: LiveQueueTokenStatus;
  /** null while the token waits in the pre-queue, without a place. */
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
  /** WAITING: last poll + idle window; ACTIVE: admission + active lifetime. */
  readonly expiresAtMs: number;
}

/** `position` null: a pre-queue token, whose place (and so its wait) is not known before the draw. */
export const viewOf = (token: QueueToken & { status: LiveQueueTokenStatus }, position: number | null, policy: QueuePolicy): QueueTokenView => ({
  status: token.status,
  position,
  estimatedWaitSeconds: position === null ? null : estimatedWaitSeconds(position, policy),
  expiresAtMs: deadlineOf(token, policy) as number,
});
