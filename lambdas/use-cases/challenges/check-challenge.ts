import { challengeLifetimeSeconds } from '../../domain/challenge';
import { ChallengeFailedError, ChallengeRequiredError, ChallengeSpentError } from '../../domain/errors';
import type { Clock } from '../ports';
import type { ChallengeVerifier, SpentChallenges } from './ports';

/**
 * Accepts a proof of work once: the solution must verify (signature, hash, expiry: no storage touched), and then
 * its challenge is spent with a conditional put, the first write of the request. Missing: 403 CHALLENGE_REQUIRED;
 * wrong, expired or already spent: 403 CHALLENGE_FAILED.
 */
export const checkChallenge =
  (deps: { verifier: ChallengeVerifier; spent: SpentChallenges; clock: Clock }) =>
  async (solution: string | undefined): Promise<void> => {
    if (!solution) throw new ChallengeRequiredError();
    const challengeHash = await deps.verifier.verify(solution);
    if (!challengeHash) throw new ChallengeFailedError('not a valid solution of an unexpired challenge of this service');
    // Kept as long as the challenge could still verify, so a replay within its lifetime always finds it.
    const spent = await deps.spent.spend(challengeHash, deps.clock.now() + challengeLifetimeSeconds * 1000);
    if (!spent) throw new ChallengeSpentError();
  };
