import * as z from 'zod/mini';

/* The history lists' query schema, apart from schemas.ts and hold-schemas.ts for the same reason (bundle budget). */

/** `?cursor=` of the history lists: the opaque `nextCursor` of the previous page. Other query parameters are ignored. */
export const historyQuery = z.object({
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,400}$/, 'must be a nextCursor returned by the previous page'))),
});
