import { ServiceUnavailableError } from '../../../lambdas/domain/errors';
import { createHash } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT, UnsecuredJWT } from 'jose';
import { jwtAudience, jwtIssuer, JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { jwtSecretLoader } from '../../../lambdas/adapters/jwt/jwt-secret';
import { InvalidTokenError } from '../../../lambdas/domain/errors';

const secretText = 'unit-test-secret-that-is-long-enough-for-hs256';
const derivedKey = new Uint8Array(createHash('sha256').update(secretText).digest());
const secret = new TextEncoder().encode(secretText);
const codec = new JwtQueueTokens(async () => secret);
const claims = { userId: '7f0c1d6e-0000-4000-8000-000000000001', tokenId: 'token-1', concertId: 'concert-1' };
const now = 1_800_000_000_000;

const rejection = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(InvalidTokenError);

describe('JwtQueueTokens', () => {
  it('round-trips the claims of a token it signed', async () => {
    const jwt = await codec.sign(claims, now);
    await expect(codec.verify(jwt, now + 1000)).resolves.toEqual(claims);
  });

  it('signs HS256 with issuer, audience, iat, a 24 hour exp, sub, jti and cid', async () => {
    const jwt = await codec.sign(claims, now);
    const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      iss: jwtIssuer,
      aud: jwtAudience,
      sub: claims.userId,
      jti: claims.tokenId,
      cid: claims.concertId,
      iat: now / 1000,
      exp: now / 1000 + 24 * 3600,
    });
  });

  it('refuses a token whose payload was altered', async () => {
    const [header, , signature] = (await codec.sign(claims, now)).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', jti: 'x', cid: 'y', iss: jwtIssuer, aud: jwtAudience })).toString('base64url');
    await rejection(codec.verify(`${header}.${forged}.${signature}`, now));
  });

  it('refuses a token signed with another secret', async () => {
    const other = new JwtQueueTokens(async () => new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256'));
    await rejection(codec.verify(await other.sign(claims, now), now));
  });

  it('refuses a token past its exp', async () => {
    const jwt = await codec.sign(claims, now);
    await rejection(codec.verify(jwt, now + 24 * 3600 * 1000 + 1000));
  });

  it('refuses an unsecured alg:none token', async () => {
    const unsecured = new UnsecuredJWT({ cid: claims.concertId }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).encode();
    await rejection(codec.verify(unsecured, now));
  });

  it('refuses HS512 even with the right secret', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS512' }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a token for another audience', async () => {
    const jwt = await new SignJWT({ cid: claims.concertId }).setProtectedHeader({ alg: 'HS256' }).setIssuer(jwtIssuer).setAudience('elsewhere').setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses a token without the concert claim', async () => {
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(jwtIssuer).setAudience(jwtAudience).setSubject(claims.userId).setJti(claims.tokenId).setIssuedAt(now / 1000).setExpirationTime(now / 1000 + 60).sign(secret);
    await rejection(codec.verify(jwt, now));
  });

  it('refuses garbage', async () => {
    await rejection(codec.verify('not-a-jwt', now));
  });
});

describe('jwtSecretLoader', () => {
  it('reads JWT_SECRET when no secret ARN is set', async () => {
    await expect(jwtSecretLoader({ JWT_SECRET: secretText })()).resolves.toEqual(derivedKey);
  });

  it('accepts a short secret: the HMAC key is derived from it', async () => {
    const shortSecret = jwtSecretLoader({ JWT_SECRET: 'short' });
    const signer = new JwtQueueTokens(shortSecret);
    const claims = { userId: 'u-1', tokenId: 't-1', concertId: 'c-1' };
    await expect(signer.verify(await signer.sign(claims, Date.now()), Date.now())).resolves.toEqual(claims);
    expect((await shortSecret()).byteLength).toBe(32);
  });

  it('refuses an empty secret', async () => {
    await expect(jwtSecretLoader({ JWT_SECRET_ARN: '', JWT_SECRET: '' })()).rejects.toThrow();
  });

  it('fails loudly when no secret is configured', async () => {
    await expect(jwtSecretLoader({})()).rejects.toThrow('JWT_SECRET');
  });
});

describe('jwtSecretLoader on AWS', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  afterEach(() => secretsManager.reset());

  it('reads the secret from Secrets Manager once and reuses it', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretText });
    const load = jwtSecretLoader({ JWT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:jwt' });
    await expect(load()).resolves.toEqual(derivedKey);
    await expect(load()).resolves.toEqual(derivedKey);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not keep a failed load, so the next request tries again', async () => {
    const denied = new Error('AccessDenied');
    secretsManager.on(GetSecretValueCommand).rejectsOnce(denied).resolves({ SecretString: secretText });
    const load = jwtSecretLoader({ JWT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:jwt' });
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).cause).toBe(denied);
    await expect(load()).resolves.toEqual(derivedKey);
  });
});
