import * as z from 'zod/mini';
import { idempotencyKey } from './schemas';

/*
 * The request headers as the OpenAPI document describes them. The handlers read these headers themselves
 * (handlers/http/idempotency.ts, challenge.ts), so no function bundles this module.
 */

export const idempotencyHeaders = z.object({ 'idempotency-key': z.optional(idempotencyKey) });
/** Routes that move money require the key (API.md v2), so a 503 or a lost answer is always resolved by a keyed retry. */
export const requiredIdempotencyHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const challengeHeaders = z.object({
  'x-challenge': z.optional(z.string().register(z.globalRegistry, { description: 'base64 of the solved ALTCHA v1 payload (required when CHALLENGE_MAX_NUMBER > 0)' })),
});
