import { SignJWT, errors, jwtVerify } from 'jose';
import { InvalidTokenError } from '../../domain/errors';
import { jwtMaxLifetimeSeconds } from '../../domain/queue';
import type { BearerClaims, QueueTokenSigner, QueueTokenVerifier } from '../../use-cases/queue/ports';

const algorithm = 'HS256';
export const jwtIssuer = 'concert-reservation';
export const jwtAudience = 'concert-reservation-api';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Queue tokens as HS256 JWTs: `sub` = userId, `jti` = tokenId, `cid` = concertId. `exp` is only a hard upper
 * bound; whether the token is still live (WAITING, ACTIVE, idle, left, paid) is decided by the table.
 */
export class JwtQueueTokens implements QueueTokenSigner, QueueTokenVerifier {
  public constructor(private readonly secret: () => Promise<Uint8Array>) {}

  public async sign(claims: BearerClaims, nowMs: number): Promise<string> {
    const issuedAt = toSeconds(nowMs);
    return new SignJWT({ cid: claims.concertId })
      .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
      .setIssuer(jwtIssuer)
      .setAudience(jwtAudience)
      .setSubject(claims.userId)
      .setJti(claims.tokenId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + jwtMaxLifetimeSeconds)
      .sign(await this.secret());
  }

  public async verify(jwt: string, nowMs: number): Promise<BearerClaims> {
    const secret = await this.secret();
    try {
      const { payload } = await jwtVerify(jwt, secret, {
        algorithms: [algorithm],
        issuer: jwtIssuer,
        audience: jwtAudience,
        requiredClaims: ['iat', 'exp', 'sub', 'jti'],
        currentDate: new Date(nowMs),
      });
      const { sub, jti, cid } = payload;
      if (typeof sub !== 'string' || typeof jti !== 'string' || typeof cid !== 'string') {
        throw new InvalidTokenError('claims missing');
      }
      return { userId: sub, tokenId: jti, concertId: cid };
    } catch (error) {
      // Every jose failure (bad signature, alg, expiry, claims, malformed input) means the same to a caller.
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw error;
    }
  }
}
