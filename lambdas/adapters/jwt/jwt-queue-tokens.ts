import { SignJWT } from 'jose';
import { jwtMaxLifetimeSeconds } from '../../domain/queue';
import type { BearerClaims, QueueTokenSigner } from '../../use-cases/queue/ports';
import { JwtQueueTokenVerifier, jwtAlgorithm, jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

export { jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Signs queue tokens as HS256 JWTs: `sub` = userId, `jti` = tokenId, `cid` = concertId. `exp` is only a hard upper
 * bound; whether the token is still live (WAITING, ACTIVE, idle, left, paid) is decided by the table. Kept apart
 * from the verifier so that the token-issuing function does not bundle jose's verification code.
 */
export class JwtQueueTokenSigner implements QueueTokenSigner {
  public constructor(private readonly signingSecret: () => Promise<Uint8Array>) {}

  public async sign(claims: BearerClaims, nowMs: number): Promise<string> {
    const issuedAt = toSeconds(nowMs);
    return new SignJWT({ cid: claims.concertId })
      .setProtectedHeader({ alg: jwtAlgorithm, typ: 'JWT' })
      .setIssuer(jwtIssuer)
      .setAudience(jwtAudience)
      .setSubject(claims.userId)
      .setJti(claims.tokenId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + jwtMaxLifetimeSeconds)
      .sign(await this.signingSecret());
  }
}

/** Signs and verifies with one secret (local tools and tests). */
export class JwtQueueTokens extends JwtQueueTokenVerifier implements QueueTokenSigner {
  private readonly signer = new JwtQueueTokenSigner(this.secret);

  public sign(claims: BearerClaims, nowMs: number): Promise<string> {
    return this.signer.sign(claims, nowMs);
  }
}
