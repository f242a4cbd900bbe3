import { CompactSign } from 'jose';
import { jwtMaxLifetimeSeconds } from '../../domain/queue';
import type { BearerClaims, QueueTokenSigner } from '../../use-cases/queue/ports';
import { JwtQueueTokenVerifier, jwtAlgorithm, jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

export { jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);
const encoder = new TextEncoder();

/**
 * Signs queue tokens as HS256 JWTs: `sub` = userId, `jti` = tokenId, `cid` = concertId. `exp` is only a hard upper
 * bound; whether the token is still live (WAITING, ACTIVE, idle, left, paid) is decided by the table. Kept apart
 * from the verifier so that the token-issuing function does not bundle jose's verification code; the claims are few
 * and fixed, so they are written here and signed with CompactSign (no claims builder bundled).
 */
export class JwtQueueTokenSigner implements QueueTokenSigner {
  public constructor(private readonly signingSecret: () => Promise<Uint8Array>) {}

  public async sign(claims: BearerClaims, nowMs: number): Promise<string> {
    const iat = toSeconds(nowMs);
    const payload = { iss: jwtIssuer, aud: jwtAudience, sub: claims.userId, jti: claims.tokenId, cid: claims.concertId, iat, exp: iat + jwtMaxLifetimeSeconds };
    return new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: jwtAlgorithm, typ: 'JWT' }).sign(await this.signingSecret());
  }
}

/** Signs and verifies with one secret (local tools and tests). */
export class JwtQueueTokens extends JwtQueueTokenVerifier implements QueueTokenSigner {
  private readonly signer = new JwtQueueTokenSigner(this.secret);

  public sign(claims: BearerClaims, nowMs: number): Promise<string> {
    return this.signer.sign(claims, nowMs);
  }
}
