import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import {
  SecretsManagerSigningKeys,
  signingKeyOf,
  signingKeyRules,
  signingKeysFromEnvironment,
  StaticSigningKeys,
} from '../../../../lambdas/adapters/jwt/signing-keys';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';

const secretId = 'arn:aws:secretsmanager:eu-west-1:1:secret:jwt';
const keyOf = (secret: string) => signingKeyOf(secret, 'test');

describe('signingKeyOf', () => {
  it('derives a 256-bit HMAC key from any secret, short ones included, and a kid that is not the key', () => {
    const { kid, key } = keyOf('short');
    expect(key).toEqual(new Uint8Array(createHash('sha256').update('short').digest()));
    expect(kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(Buffer.from(key).toString('base64url')).not.toContain(kid);
    expect(keyOf('short').kid).toBe(kid);
    expect(keyOf('other').kid).not.toBe(kid);
  });

  it('refuses an empty secret', () => {
    expect(() => keyOf('')).toThrow('empty');
  });
});

describe('StaticSigningKeys', () => {
  it('signs with JWT_SECRET and also knows JWT_PREVIOUS_SECRET by its kid', async () => {
    const keys = signingKeysFromEnvironment({ JWT_SECRET: 'now', JWT_PREVIOUS_SECRET: 'before' });
    await expect(keys.current()).resolves.toEqual(keyOf('now'));
    await expect(keys.previous()).resolves.toEqual(keyOf('before'));
    await expect(keys.withKid(keyOf('before').kid)).resolves.toEqual(keyOf('before'));
    await expect(keys.withKid(keyOf('elsewhere').kid)).resolves.toBeUndefined();
  });

  it('has no previous key unless one is configured', async () => {
    await expect(new StaticSigningKeys('now').previous()).resolves.toBeUndefined();
  });

  it('fails loudly on first use when no secret is configured', async () => {
    await expect(signingKeysFromEnvironment({}).current()).rejects.toThrow('JWT_SECRET');
  });
});

describe('SecretsManagerSigningKeys', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  let keys: SecretsManagerSigningKeys;
  const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);
  const newKeys = () => new SecretsManagerSigningKeys(secretId, { client: new SecretsManagerClient({ region: 'eu-west-1' }) });

  const stageOf = (call: number) => secretsManager.commandCalls(GetSecretValueCommand)[call]?.args[0].input.VersionStage;
  const reads = () => secretsManager.commandCalls(GetSecretValueCommand).length;
  const versions = (current: string, previous?: string) => {
    secretsManager.reset();
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: current });
    const previousVersion = secretsManager.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSPREVIOUS' });
    if (previous) previousVersion.resolves({ SecretString: previous });
    else previousVersion.rejects(new ResourceNotFoundException({ message: "can't find the staging label AWSPREVIOUS", $metadata: {} }));
  };

  beforeEach(() => {
    // Only the clock is faked (Powertools dates its cached values with it); timers and promises run as usual.
    jest.useFakeTimers({
      now: 1_800_000_000_000,
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    keys = newKeys();
  });

  afterEach(() => {
    jest.useRealTimers();
    secretsManager.reset();
  });

  it('reads the current version through Powertools and keeps it for the max age, not for the life of the function', async () => {
    versions('key-one');
    await expect(keys.current()).resolves.toEqual(keyOf('key-one'));
    advance(signingKeyRules.maxAgeSeconds * 1000 - 1000);
    await expect(keys.current()).resolves.toEqual(keyOf('key-one'));
    expect(reads()).toBe(1);
    expect(stageOf(0)).toBe('AWSCURRENT');

    versions('key-two', 'key-one');
    advance(2000);
    await expect(keys.current()).resolves.toEqual(keyOf('key-two'));
    expect(reads()).toBe(1);
  });

  it('knows the previous version (AWSPREVIOUS) after a rotation, and no previous key before any', async () => {
    versions('key-two', 'key-one');
    await expect(keys.withKid(keyOf('key-one').kid)).resolves.toEqual(keyOf('key-one'));
    await expect(keys.previous()).resolves.toEqual(keyOf('key-one'));

    versions('key-one');
    const fresh = newKeys();
    await expect(fresh.previous()).resolves.toBeUndefined();
    await expect(fresh.previous()).resolves.toBeUndefined();
    // "No previous version" is remembered for the max age too.
    expect(secretsManager.commandCalls(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })).toHaveLength(1);
  });

  it('reads again at once when a token names a key it does not know (a rotation it has not seen), at most every refresh interval', async () => {
    versions('key-one');
    await keys.current();
    versions('key-two', 'key-one');
    await expect(keys.withKid(keyOf('key-two').kid)).resolves.toEqual(keyOf('key-two'));
    await expect(keys.current()).resolves.toEqual(keyOf('key-two'));

    advance(signingKeyRules.refreshIntervalMs);
    const before = reads();
    await expect(keys.withKid(keyOf('made-up').kid)).resolves.toBeUndefined();
    await expect(keys.withKid(keyOf('made-up-too').kid)).resolves.toBeUndefined();
    expect(reads()).toBe(before + 2);
    advance(signingKeyRules.refreshIntervalMs);
    await expect(keys.withKid(keyOf('made-up').kid)).resolves.toBeUndefined();
    expect(reads()).toBe(before + 4);
  });

  it('answers 503 when Secrets Manager fails, and does not keep the failure', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    secretsManager.on(GetSecretValueCommand).rejectsOnce(throttled).resolves({ SecretString: 'key-one' });
    const error = await keys.current().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).context).toEqual({ reason: 'the signing key could not be loaded: ThrottlingException' });
    await expect(keys.current()).resolves.toEqual(keyOf('key-one'));
  });

  it('is what the functions use when JWT_SECRET_ARN is set', () => {
    expect(signingKeysFromEnvironment({ JWT_SECRET_ARN: secretId, JWT_SECRET: 'ignored' })).toBeInstanceOf(SecretsManagerSigningKeys);
  });
});
