import * as z from 'zod/mini';
import { userNameLimits } from '../domain/user';

/* POST /users' body, apart from schemas.ts: its text checks would otherwise be bundled into every function (bundle budget). */

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
