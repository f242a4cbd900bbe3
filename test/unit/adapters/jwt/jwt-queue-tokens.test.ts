import { SignJWT, UnsecuredJWT } from 'jose';
import { jwtAudience, jwtIssuer, JwtQueueTokens } from '../../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { signingKeyOf, StaticSigningKeys } from '../../../../lambdas/adapters/jwt/signing-keys';
import { InvalidTokenError } from '../../../../lambdas/domain/errors';

const secretText = 'unit-test-secret';
const { kid, key: secret } = signingKeyOf(secretText, 'test');
const codec = new JwtQueueTokens(new StaticSigningKeys(secretText));
const claims = { userId: '7f0c1d6e-0000-4000-8000-000000000001', tokenId: 'token-1', concertId: 'concert-1' };
const now = 1_800_000_000_000;
const validity = { issuedAtMs: now, expiresAtMs: now + 720_000 };

const rejection = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(InvalidTokenError);

describe('JwtQueueTokens', () => {
  it('round-trips the claims of a token it signed', async () => {
    const jwt = await codec.sign(claims, validity);
    await expect(codec.verify(jwt, now + 1000)).resolves.toEqual(claims);
  });

  it('signs HS256 with the kid of its key, issuer, audience, iat, the exp it is given, sub, jti and cid', async () => {
    const jwt = await codec.sign(claims, validity);
    const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid });
    expect(payload).toEqual({
      iss: jwtIssuer,
      aud: jwtAudience,
      sub: claims.userId,
      jti: claims.tokenId,
      cid: claims.concertId,
      iat: now / 1000,
      exp: now / 1000 + 720,
    });
  });

  it('refuses a token whose payload was altered', async () => {
    const [header, , signature] = (await codec.sign(claims, validity)).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', jti: 'x', cid: 'y', iss: jwtIssuer, aud: jwtAudience })).toString('base64url');
    await rejection(codec.verify(`${header}.${forged}.${signature}`, now));
  });

  it('refuses a token signed with another secret', async () => {
    const other = new JwtQueueTokens(new StaticSigningKeys('another-secret'));
    await rejection(codec.verify(await other.sign(claims, validity), now));
  });

  it('refuses a token past its exp', async () => {
    const jwt = await codec.sign(claims, validity);
    await expect(codec.verify(jwt, now + 720_000 - 1000)).resolves.toEqual(claims);
    await rejection(codec.verify(jwt, now + 720_000 + 1000));
  });

  it('says when an expired signature expired, and nothing of the kind for any other refusal', async () => {
    const jwt = await codec.sign(claims, validity);
    const expired = await codec.verify(jwt, now + 720_000 + 1000).catch((error: unknown) => error);
    expect(expired).toMatchObject({ problem: 'signatureExpired', context: { expiredAtMs: now + 720_000 } });
    const [header, payload] = jwt.split('.');
    const tampered = await codec.verify(`${header}.${payload}.AAAA`, now + 720_000 + 1000).catch((error: unknown) => error);
    expect(tampered).toMatchObject({ problem: 'invalidToken' });
    expect((tampered as InvalidTokenError).context).not.toHaveProperty('expiredAtMs');
  });

  it('refuses an unsecured alg:none token', async () => {
    const unsecured = new UnsecuredJWT({ cid: claims.concertId }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).encode();
    await rejection(codec.verify(unsecured, now));
  });

  it('refuses HS512 even with the right secret', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS512', kid }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a token for another audience', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS256', kid }).setIssuer(jwtIssuer).setAudience('elsewhere').setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a token without the concert claim', async () => {
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a correctly signed token whose ids are empty or longer than any id of ours', async () => {
    const signed = (jti: string) =>
      new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS256', kid }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(jti).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(await signed('x'.repeat(3_000)), now));
    await rejection(codec.verify(await signed(''), now));
    await expect(codec.verify(await signed('x'.repeat(128)), now)).resolves.toMatchObject({ tokenId: 'x'.repeat(128) });
  });

  it('refuses garbage', async () => {
    await rejection(codec.verify('not-a-jwt', now));
  });
});


describe('JwtQueueTokens across a key rotation', () => {
  const before = new JwtQueueTokens(new StaticSigningKeys('key-one'));
  const after = new JwtQueueTokens(new StaticSigningKeys('key-two', 'key-one'));

  it('accepts a token signed with the previous key, and signs new ones with the current key', async () => {
    const old = await before.sign(claims, validity);
    await expect(after.verify(old, now)).resolves.toEqual(claims);
    const fresh = await after.sign(claims, validity);
    const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).kid as string;
    expect(kidOf(fresh)).toBe(signingKeyOf('key-two', 'test').kid);
    expect(kidOf(old)).toBe(signingKeyOf('key-one', 'test').kid);
  });

  it('refuses a token of a key older than the previous one', async () => {
    const older = new JwtQueueTokens(new StaticSigningKeys('key-zero'));
    await rejection(after.verify(await older.sign(claims, validity), now));
  });

  it('refuses a token that names no key, even when signed with the current one', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS256' }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a token that names the current key but was signed with another', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS256', kid }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(signingKeyOf('another', 'test').key);
    await rejection(codec.verify(jwt, now));
  });
});
