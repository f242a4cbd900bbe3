import { solveChallenge } from 'altcha-lib/v1';
import type { Challenge } from '../lambdas/domain/challenge';

export interface SolvedChallenge {
  /** The `X-Challenge` header value: base64 of the ALTCHA v1 payload. */
  readonly header: string;
  readonly solveMs: number;
}

/**
 * Solves a `GET /challenge` answer as a browser would (altcha-lib's Web Crypto solver: one SHA-256 per candidate
 * number) and encodes the solution for `X-Challenge`. The smoke test, the bench and the tests use it.
 */
export const solveChallengeHeader = async (challenge: Challenge): Promise<SolvedChallenge> => {
  const started = performance.now();
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('the challenge has no solution within its maxnumber');
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature };
  return { header: Buffer.from(JSON.stringify(payload)).toString('base64'), solveMs: performance.now() - started };
};

/** Fetches a challenge from `baseUrl` and solves it: the value to send as `X-Challenge`. */
export const fetchAndSolveChallenge = async (baseUrl: string): Promise<SolvedChallenge> => {
  const response = await fetch(`${baseUrl}/challenge`);
  if (response.status !== 200) throw new Error(`GET /challenge answered ${response.status}`);
  return solveChallengeHeader((await response.json()) as Challenge);
};
