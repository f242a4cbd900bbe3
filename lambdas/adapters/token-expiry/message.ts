import * as z from 'zod/mini';
import type { TokenExpiryRequest } from '../../use-cases/admission/ports';

/** SQS caps a message's delivery delay at 15 minutes; a longer wait is covered by re-delaying on arrival. */
const maxDeliveryDelaySeconds = 900;

/**
 * Whole seconds from `nowMs` until `expireAtMs`, rounded DOWN: the message arrives up to a second early and the
 * consumer waits the rest, so the slot is freed at its deadline and not up to a second after it.
 */
export const expiryDelaySeconds = (expireAtMs: number, nowMs: number): number =>
  Math.min(maxDeliveryDelaySeconds, Math.max(0, Math.floor((expireAtMs - nowMs) / 1000)));

const tokenExpiryMessage = z.strictObject({ tokenId: z.string().check(z.minLength(1)), expireAtMs: z.int() });

export const encodeTokenExpiryMessage = (request: TokenExpiryRequest): string =>
  JSON.stringify({ tokenId: request.tokenId, expireAtMs: request.expireAtMs });

/** The request in a message body, or undefined when the body is not one (it can never become valid). */
export const decodeTokenExpiryMessage = (body: string): TokenExpiryRequest | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = tokenExpiryMessage.safeParse(parsed);
  return result.success ? result.data : undefined;
};
