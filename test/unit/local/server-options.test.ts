import { ConfigurationError } from '../../../lambdas/config';
import { localServerOptionsFromEnv } from '../../../local/server-options';

describe('localServerOptionsFromEnv', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(localServerOptionsFromEnv({})).toEqual({
      port: 3000,
      dynamodbEndpoint: undefined,
      dynamodbPort: 8000,
      dataDir: '.data',
      tableName: 'concert-reservations',
      seedDemo: true,
      tableStream: true,
      jwtSecret: undefined,
      admissionIntervalSeconds: 5,
      handlerEnv: {},
      log: expect.any(Function),
    });
  });

  it('reads every variable', () => {
    const options = localServerOptionsFromEnv({
      PORT: '0',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9000',
      DYNAMODB_PORT: '8001',
      DATA_DIR: ':memory:',
      TABLE_NAME: 'other',
      SEED_DEMO: '0',
      LOCAL_TABLE_STREAM: '0',
      JWT_SECRET: 's3cret',
      ADMISSION_INTERVAL_SECONDS: '2',
    });
    expect(options).toMatchObject({
      port: 0,
      dynamodbEndpoint: 'http://127.0.0.1:9000',
      dynamodbPort: 8001,
      dataDir: ':memory:',
      tableName: 'other',
      seedDemo: false,
      tableStream: false,
      jwtSecret: 's3cret',
      admissionIntervalSeconds: 2,
    });
  });

  it('treats empty values as unset', () => {
    expect(localServerOptionsFromEnv({ PORT: '', DYNAMODB_ENDPOINT: '', DATA_DIR: '', JWT_SECRET: '' })).toMatchObject({
      port: 3000,
      dynamodbEndpoint: undefined,
      dataDir: '.data',
      jwtSecret: undefined,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ DYNAMODB_PORT: '0' }, /DYNAMODB_PORT must be a port number/],
    [{ ADMISSION_INTERVAL_SECONDS: '0' }, /ADMISSION_INTERVAL_SECONDS must be a positive integer/],
    [{ MAX_ACTIVE_TOKENS: '-1' }, /^MAX_ACTIVE_TOKENS must be a positive integer, got "-1": set a whole number ≥ 1, or unset it for the default 100$/],
    [{ SEED_DEMO: 'no' }, /^SEED_DEMO must be 1 or 0 \(true or false\), got "no": SEED_DEMO=0 skips the demo concert/],
    [{ LOCAL_TABLE_STREAM: 'off' }, /^LOCAL_TABLE_STREAM must be 1 or 0/],
    [{ TABLE_NAME: 'bad name!' }, /^TABLE_NAME must be 3 to 255 characters of a-z A-Z 0-9 _ - \., got "bad name!"/],
    [{ TABLE_NAME: 'ab' }, /^TABLE_NAME must be 3 to 255 characters/],
  ])('rejects %j', (env, message) => {
    expect(() => localServerOptionsFromEnv(env)).toThrow(message);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['0', false],
    ['false', false],
    [' False ', false],
  ])('reads SEED_DEMO=%j as %s', (raw, expected) => {
    expect(localServerOptionsFromEnv({ SEED_DEMO: raw }).seedDemo).toBe(expected);
  });

  it('throws a ConfigurationError, which npm start prints as one line', () => {
    expect(() => localServerOptionsFromEnv({ PORT: 'abc' })).toThrow(ConfigurationError);
    expect(() => localServerOptionsFromEnv({ PORT: 'abc' })).toThrow('PORT must be a port number from 0 to 65535, got "abc": e.g. PORT=3001, or unset it for 3000');
  });
});
