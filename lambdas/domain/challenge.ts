/**
 * Proof of work before the two requests that create something for free (a user, a place in a waiting room):
 * ALTCHA v1 challenges (API.md, "Proof of work"). Pure constants and rules; the crypto lives in an adapter.
 */

/** A challenge is valid this long after it was handed out, and a solution is accepted once within it. */
export const challengeLifetimeSeconds = 300;

/** The only algorithm handed out and accepted: a solution may not pick a cheaper one. */
export const challengeAlgorithm = 'SHA-256';

/**
 * Default `CHALLENGE_MAX_NUMBER`: the secret number is drawn from 0..20,000, so a solver tries 10,000 SHA-256
 * hashes on average (at most twice that): `npm run bench` (Web Crypto on one thread, 2-core box at load about 3)
 * measured a median 0.43 s, at most 1.25 s (3.4 s median at 100,000). 0 turns the check off.
 */
export const defaultChallengeMaxNumber = 20_000;

/** A challenge as `GET /challenge` hands it out (ALTCHA v1). */
export interface Challenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}
