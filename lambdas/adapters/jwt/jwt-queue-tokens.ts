import { SignJWT } from 'jose';
import { jwtMaxLifetimeSeconds } from '../../domain/queue';
import type { BearerClaims, QueueTokenSigner } from '../../use-cases/queue/ports';
import { JwtQueueTokenVerifier, jwtAlgorithm, jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

export { jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Queue tokens as HS256 JWTs: `sub` = userId, `jti` = tokenId, `cid` = concertId. `exp` is only a hard upper
 * bound; whether the token is still live (WAITING, ACTIVE, idle, left, paid) is decided by the table.
 */
export class JwtQueueTokens extends JwtQueueTokenVerifier implements QueueTokenSigner {
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
      .sign(await this.secret());
  }
}
