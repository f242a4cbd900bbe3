import { createHmac } from 'node:crypto';
import type { BearerClaims, QueueTokenSigner, SignatureValidity } from '../../use-cases/queue/ports';
import { JwtQueueTokenVerifier, jwtAlgorithm, jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';
import type { SigningKeys } from './signing-keys';

export { jwtAudience, jwtIssuer } from './jwt-queue-token-verifier';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);
const encodedJson = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs queue tokens as HS256 JWTs with the current key, named by `kid` in the header: `sub` = userId, `jti` =
 * tokenId, `cid` = concertId, `exp` as the use case bounds it. Whether the token is still live (WAITING, ACTIVE,
 * idle, left, paid) is decided by the table.
 *
 * An HS256 JWS is one HMAC-SHA256 over two base64url JSON parts (RFC 7515 §3.1), with a header and claims that are
 * fixed here, so it is made with node:crypto; jose verifies it everywhere (JwtQueueTokenVerifier). jose's signing
 * path would bring its key handling for every key type (~10 KB) into the two functions that sign on every request,
 * and they would not fit the bundle budget.
 */
export class JwtQueueTokenSigner implements QueueTokenSigner {
  public constructor(private readonly keys: SigningKeys) {}

  public async sign(claims: BearerClaims, validity: SignatureValidity): Promise<string> {
    const { kid, key } = await this.keys.current();
    const iat = toSeconds(validity.issuedAtMs);
    const payload = { iss: jwtIssuer, aud: jwtAudience, sub: claims.userId, jti: claims.tokenId, cid: claims.concertId, iat, exp: toSeconds(validity.expiresAtMs) };
    const signingInput = `${encodedJson({ alg: jwtAlgorithm, typ: 'JWT', kid })}.${encodedJson(payload)}`;
    return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
  }
}

/** Signs and verifies with the same keys: the tools that play both sides (tests, the bench). */
export class JwtQueueTokens extends JwtQueueTokenVerifier implements QueueTokenSigner {
  private readonly signer = new JwtQueueTokenSigner(this.keys);

  public sign(claims: BearerClaims, validity: SignatureValidity): Promise<string> {
    return this.signer.sign(claims, validity);
  }
}
