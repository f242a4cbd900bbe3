/**
 * Proof of work before the two requests that create something for free (a user, a place in a waiting room):
 * ALTCHA v1 challenges (API.md, "Proof of work"). Pure constants and rules; the crypto lives in an adapter.
 */

/** A challenge is valid this long after it was handed out, and a solution is accepted once within it. */
export const challengeLifetimeSeconds = 300;

/** The only algorithm handed out and accepted: a solution may not pick a cheaper one. */
export const challengeAlgorithm = 'SHA-256';

/**
 * Default `CHALLENGE_MAX_NUMBER`: the secret number is drawn from 0..100,000, so a solver tries 50,000 SHA-256
 * hashes on average (at most twice that). A browser hashing with Web Crypto on one thread spends about half a
 * second on it; the bench reports the median on its machine. 0 turns the check off.
 */
export const defaultChallengeMaxNumber = 100_000;

/** A challenge as `GET /challenge` hands it out (ALTCHA v1). */
export interface Challenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}
