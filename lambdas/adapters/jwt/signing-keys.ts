import { createHash } from 'node:crypto';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ServiceUnavailableError } from '../../domain/errors';

/** A key that signs queue tokens and challenges, and the id (`kid`) a token names it by. */
export interface SigningKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

/**
 * The service's signing keys: the current one signs; verification accepts the current and the previous one, so
 * rotating the key logs nobody out.
 */
export interface SigningKeys {
  current(): Promise<SigningKey>;
  /** The key the current one replaced, while the function knows of one. */
  previous(): Promise<SigningKey | undefined>;
  /** The current or the previous key when it has this kid, else undefined. */
  withKid(kid: string): Promise<SigningKey | undefined>;
}

export const signingKeyRules = {
  /** How long a function keeps a key it read: a rotation reaches every running function within this time. */
  maxAgeSeconds: 300,
  /**
   * A token naming neither known key makes the function read the keys again (a rotation it has not seen yet), at
   * most this often, so that made-up kids cannot turn into a stream of secret reads.
   */
  refreshIntervalMs: 10_000,
} as const;

/**
 * HS256 wants a 256-bit key. Hashing the configured secret gives exactly that whatever its length, so an
 * operator's short secret still works (its strength is then the secret's own, not less). The kid is a hash of the
 * key: every function names a key alike without storing anything, and the kid reveals nothing of the key.
 */
export const signingKeyOf = (secret: string, source: string): SigningKey => {
  if (secret.length === 0) throw new Error(`the signing secret from ${source} is empty`);
  const known = derivedKeys.get(secret);
  if (known) return known;
  const key = new Uint8Array(createHash('sha256').update(secret, 'utf8').digest());
  const derived = { kid: createHash('sha256').update('kid:').update(key).digest('base64url').slice(0, 16), key };
  // A function knows two secrets at a time (current and previous); a few more only across rotations.
  if (derivedKeys.size >= 4) derivedKeys.clear();
  derivedKeys.set(secret, derived);
  return derived;
};

/**
 * Keys already derived, by secret: every verification asks for the keys, and the same object each time lets the
 * verifier keep its imported key.
 */
const derivedKeys = new Map<string, SigningKey>();

const missing = 'neither JWT_SECRET_ARN nor JWT_SECRET is set';

/**
 * Keys given as text: the local server's JWT_SECRET and, after a rotation, JWT_PREVIOUS_SECRET. Checked on first
 * use, like a key read from Secrets Manager.
 */
export class StaticSigningKeys implements SigningKeys {
  public constructor(
    private readonly currentSecret: string | undefined,
    private readonly previousSecret?: string,
  ) {}

  public async current(): Promise<SigningKey> {
    if (this.currentSecret === undefined) throw new Error(missing);
    return signingKeyOf(this.currentSecret, 'JWT_SECRET');
  }

  public async previous(): Promise<SigningKey | undefined> {
    return this.previousSecret ? signingKeyOf(this.previousSecret, 'JWT_PREVIOUS_SECRET') : undefined;
  }

  public async withKid(kid: string): Promise<SigningKey | undefined> {
    return [await this.current(), await this.previous()].find((key) => key?.kid === kid);
  }
}

const versionStage = { current: 'AWSCURRENT', previous: 'AWSPREVIOUS' } as const;
type VersionStage = (typeof versionStage)[keyof typeof versionStage];

/**
 * The keys in a Secrets Manager secret, read through Powertools Parameters and kept `maxAgeSeconds`: the current
 * version (AWSCURRENT) and, once the secret was rotated, the one before it (AWSPREVIOUS). Rotating is putting a new
 * value (docs/deploy.md): Secrets Manager moves the stages, every function signs with the new key within
 * `maxAgeSeconds`, and tokens signed with the old key stay valid.
 */
export class SecretsManagerSigningKeys implements SigningKeys {
  // One provider per version stage: Powertools caches by secret name, not by stage.
  private readonly providers: Record<VersionStage, SecretsProvider>;
  private readonly now: () => number;
  /** A secret never rotated has no previous version: not asked again before this time. */
  private noPreviousUntilMs = 0;
  private lastRefreshMs = Number.NEGATIVE_INFINITY;

  public constructor(
    private readonly secretId: string,
    options: { client?: SecretsManagerClient; now?: () => number } = {},
  ) {
    const client = options.client ?? new SecretsManagerClient({});
    this.providers = {
      [versionStage.current]: new SecretsProvider({ awsSdkV3Client: client }),
      [versionStage.previous]: new SecretsProvider({ awsSdkV3Client: client }),
    };
    this.now = options.now ?? Date.now;
  }

  public async current(forceFetch = false): Promise<SigningKey> {
    return (await this.read(versionStage.current, forceFetch)) as SigningKey;
  }

  public async previous(forceFetch = false): Promise<SigningKey | undefined> {
    if (!forceFetch && this.now() < this.noPreviousUntilMs) return undefined;
    const previous = await this.read(versionStage.previous, forceFetch);
    if (!previous) this.noPreviousUntilMs = this.now() + signingKeyRules.maxAgeSeconds * 1000;
    return previous;
  }

  public async withKid(kid: string): Promise<SigningKey | undefined> {
    const find = async (forceFetch: boolean): Promise<SigningKey | undefined> => {
      const current = await this.current(forceFetch);
      if (current.kid === kid) return current;
      const previous = await this.previous(forceFetch);
      return previous?.kid === kid ? previous : undefined;
    };
    const known = await find(false);
    if (known || this.now() - this.lastRefreshMs < signingKeyRules.refreshIntervalMs) return known;
    // A kid this function does not know: perhaps a rotation it has not seen yet.
    this.lastRefreshMs = this.now();
    return find(true);
  }

  private async read(stage: VersionStage, forceFetch: boolean): Promise<SigningKey | undefined> {
    let secret: unknown;
    try {
      secret = await this.providers[stage].get(this.secretId, { maxAge: signingKeyRules.maxAgeSeconds, forceFetch, sdkOptions: { VersionStage: stage } });
    } catch (error) {
      const cause = ((error as { cause?: unknown }).cause ?? error) as Error;
      // Never rotated: there is no previous version.
      if (stage === versionStage.previous && cause.name === 'ResourceNotFoundException') return undefined;
      // Throttled or unreachable: a later request reads again (a failed read is not kept). Never a 500 for that.
      throw new ServiceUnavailableError(`the signing key could not be loaded: ${cause.name}`, { cause: error });
    }
    if (typeof secret !== 'string') throw new Error(`the signing secret (${stage}) in Secrets Manager has no string value`);
    return signingKeyOf(secret, `JWT_SECRET_ARN (${stage})`);
  }
}

/** Secrets Manager when `JWT_SECRET_ARN` is set (AWS), else `JWT_SECRET` and `JWT_PREVIOUS_SECRET` (local). */
export const signingKeysFromEnvironment = (env: NodeJS.ProcessEnv = process.env): SigningKeys =>
  env.JWT_SECRET_ARN ? new SecretsManagerSigningKeys(env.JWT_SECRET_ARN) : new StaticSigningKeys(env.JWT_SECRET || undefined, env.JWT_PREVIOUS_SECRET || undefined);
