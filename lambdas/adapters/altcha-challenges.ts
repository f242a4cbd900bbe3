import { createHmac } from 'node:crypto';
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from '../domain/challenge';
import { challengeAlgorithm, challengeLifetimeSeconds } from '../domain/challenge';
import type { ChallengeIssuer, ChallengeVerifier } from '../use-cases/challenges/ports';

/** Longer than any honest solution (base64 of five short JSON fields); anything bigger is not parsed. */
const maxSolutionLength = 1024;

/**
 * The key ALTCHA challenges are signed with, derived from the service's signing key (so no second secret to keep);
 * a failed load is not kept.
 */
const challengeKey = (signingKey: () => Promise<Uint8Array>): (() => Promise<string>) => {
  let hmacKey: Promise<string> | undefined;
  return () => {
    hmacKey ??= signingKey()
      .then((key) => createHmac('sha256', key).update('altcha-challenge-key').digest('hex'))
      .catch((error: unknown) => {
        hmacKey = undefined;
        throw error;
      });
    return hmacKey;
  };
};

/**
 * Hands out ALTCHA v1 challenges: self-verifying, so handing one out stores nothing. The expiry travels in the
 * signed salt. Issuing and verifying are apart so each function bundles only its half of altcha-lib.
 */
export class AltchaChallengeIssuer implements ChallengeIssuer {
  private readonly key: () => Promise<string>;

  public constructor(signingKey: () => Promise<Uint8Array>) {
    this.key = challengeKey(signingKey);
  }

  public async create(maxNumber: number, nowMs: number): Promise<Challenge> {
    const { algorithm, challenge, maxnumber, salt, signature } = await createChallenge({
      algorithm: challengeAlgorithm,
      hmacKey: await this.key(),
      maxnumber: maxNumber,
      expires: new Date(nowMs + challengeLifetimeSeconds * 1000),
    });
    return { algorithm, challenge, maxnumber: maxnumber ?? maxNumber, salt, signature };
  }
}

/** Checks solutions of the challenges AltchaChallengeIssuer handed out: hash, signature and expiry. */
export class AltchaChallengeVerifier implements ChallengeVerifier {
  private readonly key: () => Promise<string>;

  public constructor(signingKey: () => Promise<Uint8Array>) {
    this.key = challengeKey(signingKey);
  }

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
    // Checks the hash of salt + number, the signature and the expiry in the salt.
    const valid = await verifySolution(
      {
        algorithm: challengeAlgorithm,
        challenge: payload.challenge as string,
        number: payload.number as number,
        salt: payload.salt as string,
        signature: payload.signature as string,
      },
      await this.key(),
      true,
    );
    return valid ? (payload.challenge as string) : undefined;
  }
}
