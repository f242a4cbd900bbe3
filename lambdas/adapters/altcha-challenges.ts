import { createHmac } from 'node:crypto';
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from '../domain/challenge';
import type { SigningKey, SigningKeys } from './jwt/signing-keys';
import { challengeAlgorithm, challengeLifetimeSeconds } from '../domain/challenge';
import type { ChallengeIssuer, ChallengeVerifier } from '../use-cases/challenges/ports';

/** Longer than any honest solution (base64 of five short JSON fields); anything bigger is not parsed. */
const maxSolutionLength = 1024;

/**
 * The key ALTCHA challenges are signed with, derived from a signing key of the service (so no second secret to
 * keep), remembered per signing key.
 */
const challengeKeys = (): ((signingKey: SigningKey) => string) => {
  const derived = new Map<string, string>();
  return ({ kid, key }) => {
    let hmacKey = derived.get(kid);
    if (hmacKey === undefined) {
      hmacKey = createHmac('sha256', key).update('altcha-challenge-key').digest('hex');
      derived.set(kid, hmacKey);
    }
    return hmacKey;
  };
};

/**
 * Hands out ALTCHA v1 challenges: self-verifying, so handing one out stores nothing. The expiry travels in the
 * signed salt. Issuing and verifying are apart so each function bundles only its half of altcha-lib.
 */
export class AltchaChallengeIssuer implements ChallengeIssuer {
  private readonly challengeKeyOf = challengeKeys();

  public constructor(private readonly signingKeys: SigningKeys) {}

  public async create(maxNumber: number, nowMs: number): Promise<Challenge> {
    const { algorithm, challenge, maxnumber, salt, signature } = await createChallenge({
      algorithm: challengeAlgorithm,
      hmacKey: this.challengeKeyOf(await this.signingKeys.current()),
      maxnumber: maxNumber,
      expires: new Date(nowMs + challengeLifetimeSeconds * 1000),
    });
    return { algorithm, challenge, maxnumber: maxnumber ?? maxNumber, salt, signature };
  }
}

/**
 * Checks solutions of the challenges AltchaChallengeIssuer handed out: hash, signature and expiry. A challenge
 * handed out just before a key rotation was signed with what is now the previous key, which is tried second.
 */
export class AltchaChallengeVerifier implements ChallengeVerifier {
  private readonly challengeKeyOf = challengeKeys();

  public constructor(private readonly signingKeys: SigningKeys) {}

  public async verify(solution: string): Promise<string | undefined> {
    if (solution.length > maxSolutionLength) return undefined;
    let payload: { algorithm?: unknown; challenge?: unknown; number?: unknown; salt?: unknown; signature?: unknown };
    try {
      payload = JSON.parse(Buffer.from(solution, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
    const wellFormed =
      payload !== null &&
      typeof payload === 'object' &&
      payload.algorithm === challengeAlgorithm &&
      typeof payload.challenge === 'string' &&
      Number.isSafeInteger(payload.number) &&
      typeof payload.salt === 'string' &&
      typeof payload.signature === 'string';
    if (!wellFormed) return undefined;
    const solved = {
      algorithm: challengeAlgorithm as typeof challengeAlgorithm,
      challenge: payload.challenge as string,
      number: payload.number as number,
      salt: payload.salt as string,
      signature: payload.signature as string,
    };
    // Checks the hash of salt + number, the signature and the expiry in the salt.
    const solvedFor = async (signingKey: SigningKey | undefined) => signingKey !== undefined && verifySolution(solved, this.challengeKeyOf(signingKey), true);
    const valid = (await solvedFor(await this.signingKeys.current())) || (await solvedFor(await this.signingKeys.previous()));
    return valid ? solved.challenge : undefined;
  }
}
