import { createChallenge } from 'altcha-lib/v1';
import { challengeAlgorithm, defaultChallengeMaxNumber } from '../../lambdas/domain/challenge';
import { solveChallengeHeader } from '../../local/challenge-solver';
import { percentile } from '../lib/stats';

export interface ProofOfWorkResult {
  readonly maxNumber: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/**
 * What the proof of work costs a client: fresh challenges at the default difficulty, each solved as a browser does
 * (altcha-lib's Web Crypto solver, one thread). The load scenarios run with CHALLENGE_MAX_NUMBER=0, so these
 * seconds of client work do not hide the service's own figures.
 */
export const runProofOfWork = async (options: { runs: number; maxNumber?: number }): Promise<ProofOfWorkResult> => {
  const maxNumber = options.maxNumber ?? defaultChallengeMaxNumber;
  const times: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const challenge = await createChallenge({ algorithm: challengeAlgorithm, hmacKey: 'bench', maxnumber: maxNumber });
    times.push((await solveChallengeHeader({ ...challenge, maxnumber: maxNumber })).solveMs);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { maxNumber, runs: options.runs, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted.at(-1) ?? 0 };
};
