import { webcrypto } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { JWTHeaderParameters } from 'jose';
import { JOSEError, JWTExpired } from 'jose/errors';
import { CredentialKind } from '../../domain/credentials';
import { InvalidTokenError } from '../../domain/errors';
import type { BearerClaims, QueueTokenVerifier } from '../../use-cases/queue/ports';
import type { SigningKey, SigningKeys } from './signing-keys';

export const jwtAlgorithm = 'HS256';
export const jwtIssuer = 'concert-reservation';
export const jwtAudience = 'concert-reservation-api';

/**
 * The longest id a claim may carry: ours are UUIDs and concert ids of at most 64 characters. A token signed with a key of ours but
 * holding something longer (a leaked key, a bug) is refused here, before an item key built from it reaches storage.
 */
const maxClaimLength = 128;
const isClaim = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= maxClaimLength;

/** Keys imported for HMAC verification, once per signing key: given raw bytes, jose would import them on every call. */
const importedKeys = new WeakMap<SigningKey, Promise<webcrypto.CryptoKey>>();

const verificationKeyOf = (signingKey: SigningKey): Promise<webcrypto.CryptoKey> => {
  let imported = importedKeys.get(signingKey);
  if (!imported) {
    imported = webcrypto.subtle.importKey('raw', signingKey.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    importedKeys.set(signingKey, imported);
  }
  return imported;
};

/**
 * Verifies queue tokens (HS256 JWTs: `kid` in the header names the signing key; `sub` = userId, `jti` = tokenId,
 * `cid` = concertId). The current and the previous key are accepted, so a rotation ends no token. Kept apart from
 * the signer so that the many functions that only verify do not bundle jose's signing code.
 */
export class JwtQueueTokenVerifier implements QueueTokenVerifier {
  public constructor(protected readonly keys: SigningKeys) {}

  public async verify(jwt: string, nowMs: number): Promise<BearerClaims> {
    const keyOf = async ({ kid }: JWTHeaderParameters): Promise<webcrypto.CryptoKey> => {
      const known = kid === undefined ? undefined : await this.keys.withKid(kid);
      if (!known) throw new InvalidTokenError('invalidToken', CredentialKind.queueToken, { reason: kid === undefined ? 'no kid' : 'unknown kid' });
      return verificationKeyOf(known);
    };
    try {
      const { payload } = await jwtVerify(jwt, keyOf, {
        algorithms: [jwtAlgorithm],
        issuer: jwtIssuer,
        audience: jwtAudience,
        requiredClaims: ['iat', 'exp', 'sub', 'jti'],
        currentDate: new Date(nowMs),
      });
      const { sub, jti, cid } = payload;
      if (!isClaim(sub) || !isClaim(jti) || !isClaim(cid)) {
        throw new InvalidTokenError('invalidToken', CredentialKind.queueToken, { reason: 'claims missing or malformed' });
      }
      return { userId: sub, tokenId: jti, concertId: cid };
    } catch (error) {
      // A caller can act on an expired signature (fetch a fresh one, or replay a keyed request from before `exp`);
      // every other jose failure means "not ours". jose checks `exp` only once the signature has verified.
      if (error instanceof JWTExpired) {
        const expiredAtMs = typeof error.payload.exp === 'number' ? { expiredAtMs: error.payload.exp * 1000 } : {};
        throw new InvalidTokenError('signatureExpired', CredentialKind.queueToken, { reason: error.code, ...expiredAtMs }, { cause: error });
      }
      if (error instanceof JOSEError) throw new InvalidTokenError('invalidToken', CredentialKind.queueToken, { reason: error.code }, { cause: error });
      throw error;
    }
  }
}
