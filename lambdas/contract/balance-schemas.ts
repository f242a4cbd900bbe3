import * as z from 'zod/mini';

/* POST /balance/charge's body, apart from schemas.ts: its OpenAPI metadata would otherwise be bundled into every function (bundle budget). */

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
