import * as z from 'zod/mini';
import { isCalendarDate } from '../domain/calendar';
import { userNameLimits } from '../domain/user';

/**
 * Request schemas of the public contract (docs/api.md). Handlers validate with these and the
 * OpenAPI document is generated from them, so the two cannot drift. Objects are strict: unknown fields fail.
 */
export const opaqueId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -'));
export const calendarDate = z.string().check(z.refine(isCalendarDate, 'must be a real date as YYYY-MM-DD'));

/** Printable text only: no control characters, and no lone UTF-16 surrogates (not representable in UTF-8). */
const printableText = z.refine<string>((value) => !/[\p{Cc}\p{Cs}]/u.test(value), 'must be printable text');
/** Invisible format characters (U+200B zero width space, U+202E right-to-left override, ...) make names that deceive. */
const noFormatCharacters = z.refine<string>(
  (value) => !/\p{Cf}/u.test(value),
  'must be free of invisible format characters (such as U+200B or U+202E)',
);
/** At least one letter, digit, punctuation mark or symbol: a name of blanks and marks alone shows nothing. */
const hasVisibleCharacter = z.refine<string>((value) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(value), 'must be more than blanks (at least one visible character)');

export const createUserBody = z.strictObject({
  name: z
    .string()
    .check(z.trim(), z.minLength(userNameLimits.min), z.maxLength(userNameLimits.max), printableText, noFormatCharacters, hasVisibleCharacter),
});

export const concertParams = z.strictObject({ concertId: opaqueId });
export const concertQuery = z.strictObject({ concertId: opaqueId });
export const concertDateParams = z.strictObject({ concertId: opaqueId, date: calendarDate });
export const reservationParams = z.strictObject({ reservationId: opaqueId });

export const issueTokenBody = z.strictObject({ concertId: opaqueId });
/**
 * `amount` is checked by the charge use case, not here, so that a wrong amount is 400 INVALID_AMOUNT
 * (the contract's code for it) rather than VALIDATION_ERROR; the metadata documents it for OpenAPI.
 */
export const chargeBody = z.strictObject({
  amount: z
    .unknown()
    // Accepts every value: it only states the rule, so that a missing amount's 400 names it (validation-messages.ts).
    .check(z.refine(() => true, 'must be an integer number of won from 1 to 1000000'))
    .register(z.globalRegistry, { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'won' }),
});
export const payBody = z.strictObject({ reservationId: opaqueId });
/** A refund says everything in its path; its body is `{}`. */
export const refundBody = z.strictObject({});
/** A key rotation takes nothing: no body, or `{}`; anything else is refused rather than ignored. */
export const rotateUserKeyBody = z.strictObject({});

export const idempotencyKey = opaqueId;
export const idempotencyHeaders = z.object({ 'idempotency-key': z.optional(idempotencyKey) });
/** Routes that move money require the key (API.md v2), so a 503 or a lost answer is always resolved by a keyed retry. */
export const requiredIdempotencyHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const challengeHeaders = z.object({
  'x-challenge': z.optional(z.string().register(z.globalRegistry, { description: 'base64 of the solved ALTCHA v1 payload (required when CHALLENGE_MAX_NUMBER > 0)' })),
});
