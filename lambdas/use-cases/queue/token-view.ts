import type { AdmissionPace, LiveQueueTokenStatus, QueuePolicy, QueueToken } from '../../domain/queue';
import { deadlineOf, estimatedWaitSeconds, pollAfterSeconds } from '../../domain/queue';

/** What the holder of a token is told about it. */
export interface QueueTokenView {
  readonly status: LiveQueueTokenStatus;
  /** null while the token waits in the pre-queue, without a place. */
  readonly position: number | null;
  /** From the room's observed admission rate; null without a place, while the room has no observed rate or is paused. */
  readonly estimatedWaitSeconds: number | null;
  /** When the holder should poll next. */
  readonly pollAfterSeconds: number;
  /** WAITING: last poll + idle window; ACTIVE: admission + active lifetime. */
  readonly expiresAtMs: number;
}

/**
 * `position` null: a pre-queue token, whose place (and so its wait) is not known before the draw. `pace` is needed
 * only for a WAITING token with a place; `positionAgeMs`: how long ago the counters `position` comes from were read.
 */
export const viewOf = (
  token: QueueToken & { status: LiveQueueTokenStatus },
  position: number | null,
  pace: AdmissionPace | undefined,
  policy: QueuePolicy,
  positionAgeMs = 0,
): QueueTokenView => {
  const estimate = position === null ? null : estimatedWaitSeconds(position, pace, positionAgeMs);
  return {
    status: token.status,
    position,
    estimatedWaitSeconds: estimate,
    pollAfterSeconds: pollAfterSeconds(position, estimate, policy),
    expiresAtMs: deadlineOf(token, policy) as number,
  };
};
