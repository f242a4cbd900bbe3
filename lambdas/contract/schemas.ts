import * as z from 'zod/mini';

/**
 * Request schemas of the public contract (docs/api.md). Handlers validate with these and the
 * OpenAPI document is generated from them, so the two cannot drift. Objects are strict: unknown fields fail.
 * Schemas with checks of their own live in a module per route family (date-schemas.ts, user-schemas.ts,
 * balance-schemas.ts, hold-schemas.ts, history-schemas.ts; header-schemas.ts for the OpenAPI document alone): esbuild keeps every
 * top-level zod call of a module it bundles, used or not, and every function has a 300 KB bundle budget.
 */
export const opaqueId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -'));

export const concertParams = z.strictObject({ concertId: opaqueId });
export const concertQuery = z.strictObject({ concertId: opaqueId });
export const reservationParams = z.strictObject({ reservationId: opaqueId });

export const issueTokenBody = z.strictObject({ concertId: opaqueId });
export const payBody = z.strictObject({ reservationId: opaqueId });
/** A refund says everything in its path; its body is `{}`. */
export const refundBody = z.strictObject({});
/** A key rotation takes nothing: no body, or `{}`; anything else is refused rather than ignored. */
export const rotateUserKeyBody = z.strictObject({});

export const idempotencyKey = opaqueId;
