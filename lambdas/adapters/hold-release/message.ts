import * as z from 'zod/mini';
import type { HoldReleaseRequest } from '../../use-cases/reservations/ports';

/** SQS caps a message's delivery delay at 15 minutes; a longer wait is covered by re-delaying on arrival. */
const maxDeliveryDelaySeconds = 900;

/** Whole seconds from `nowMs` until `releaseAtMs`, rounded up so a release is never delivered early by rounding. */
export const deliveryDelaySeconds = (releaseAtMs: number, nowMs: number): number =>
  Math.min(maxDeliveryDelaySeconds, Math.max(0, Math.ceil((releaseAtMs - nowMs) / 1000)));

const holdReleaseMessage = z.strictObject({ reservationId: z.string().check(z.minLength(1)), releaseAtMs: z.int() });

export const encodeHoldReleaseMessage = (request: HoldReleaseRequest): string =>
  JSON.stringify({ reservationId: request.reservationId, releaseAtMs: request.releaseAtMs });

/** The request in a message body, or undefined when the body is not one (it can never become valid). */
export const decodeHoldReleaseMessage = (body: string): HoldReleaseRequest | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = holdReleaseMessage.safeParse(parsed);
  return result.success ? result.data : undefined;
};
