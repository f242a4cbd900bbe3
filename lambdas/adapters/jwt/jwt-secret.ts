import { createHash } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ServiceUnavailableError } from '../../domain/errors';

/**
 * HS256 wants a 256-bit key. Hashing the configured secret gives exactly that whatever its length, so an
 * operator's short JWT_SECRET still works (its strength is then the secret's own, not less).
 */
const toKey = (secret: string, source: string): Uint8Array => {
  if (secret.length === 0) throw new Error(`the JWT secret from ${source} is empty`);
  return new Uint8Array(createHash('sha256').update(secret, 'utf8').digest());
};

const fromSecretsManager = async (secretArn: string): Promise<Uint8Array> => {
  let SecretString: string | undefined;
  try {
    ({ SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    // Throttled or unreachable: the caller may retry (the failed load is not kept). Never a 500 for that.
    throw new ServiceUnavailableError(`the token key could not be loaded: ${(error as Error).name}`, { cause: error });
  }
  if (!SecretString) throw new Error('the JWT secret in Secrets Manager has no string value');
  return toKey(SecretString, 'JWT_SECRET_ARN');
};

/**
 * The JWT signing key, loaded at most once per cold start: from Secrets Manager when `JWT_SECRET_ARN` is set (AWS),
 * else from `JWT_SECRET` (local). A failed load is not cached, so the next request retries it.
 */
export const jwtSecretLoader = (env: NodeJS.ProcessEnv = process.env): (() => Promise<Uint8Array>) => {
  let pending: Promise<Uint8Array> | undefined;
  const load = async (): Promise<Uint8Array> => {
    if (env.JWT_SECRET_ARN) return fromSecretsManager(env.JWT_SECRET_ARN);
    if (env.JWT_SECRET) return toKey(env.JWT_SECRET, 'JWT_SECRET');
    throw new Error('neither JWT_SECRET_ARN nor JWT_SECRET is set');
  };
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
