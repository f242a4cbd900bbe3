import type { Challenge } from '../../domain/challenge';

export interface ChallengeIssuer {
  /** A signed challenge expiring `challengeLifetimeSeconds` after `nowMs`. */
  create(maxNumber: number, nowMs: number): Promise<Challenge>;
}

export interface ChallengeVerifier {
  /**
   * The solved challenge's own hash when the `X-Challenge` value is a correct, unexpired solution of a challenge
   * this service signed; undefined otherwise. No storage is touched.
   */
  verify(solution: string): Promise<string | undefined>;
}

export interface SpentChallenges {
  /** Marks a solved challenge used (a conditional put that expires with it): false when it already was. */
  spend(challengeHash: string, expiresAtMs: number): Promise<boolean>;
}
