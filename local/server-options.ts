import { ConfigurationError, defaultTableName, loadSettings } from '../lambdas/config';

/** How the local server runs. `localServerOptionsFromEnv` reads them from the documented environment variables. */
export interface LocalServerOptions {
  /** HTTP port; 0 lets the OS pick a free one (the actual one is in the returned url). */
  readonly port: number;
  /** An already running DynamoDB; when undefined the bundled DynamoDB Local is started. */
  readonly dynamodbEndpoint: string | undefined;
  /** Port of the bundled DynamoDB Local. */
  readonly dynamodbPort: number;
  /** Where DynamoDB Local and the generated JWT secret live; ':memory:' keeps nothing. */
  readonly dataDir: string;
  readonly tableName: string;
  /** Create the demo concert when the table has no concert yet. */
  readonly seedDemo: boolean;
  /** Signing key for queue tokens; undefined: generated and kept in dataDir. */
  readonly jwtSecret: string | undefined;
  /**
   * Give the table its stream and run the hold-release outbox on it, as on AWS. Off: no stream, no outbox, and
   * holds are released by the sweeper and lazily. For heavy local load: DynamoDB Local slows down badly under
   * sustained writes to a table with a stream (docs/local-development.md).
   */
  readonly tableStream: boolean;
  /** Seconds between sweeper runs; 0 turns the schedule off (tests then call sweepNow()). */
  readonly admissionIntervalSeconds: number;
  /** More environment for the handlers (e.g. MAX_ACTIVE_TOKENS), set before any handler module loads. */
  readonly handlerEnv: Readonly<Record<string, string>>;
  /** Progress lines (URL, seed, sweeper notices). Handler and sweeper failures go to console.error. */
  readonly log: (message: string) => void;
}

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > 65_535) {
    throw new ConfigurationError(`${name} must be a port number from ${min} to 65535, got "${raw}": e.g. ${name}=${fallback + 1}, or unset it for ${fallback}`);
  }
  return value;
};

/** Strict on purpose: a typo such as SEED_DEMO=no must not silently mean "on". */
const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean, meaningOfOff: string): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ConfigurationError(`${name} must be 1 or 0 (true or false), got "${raw}": ${name}=0 ${meaningOfOff}, ${name}=1 or unset is the default`);
};

/** DynamoDB's rule for a table name, checked here so that a bad one stops the start before DynamoDB Local does. */
const tableName = (env: NodeJS.ProcessEnv): string => {
  const raw = env.TABLE_NAME;
  if (raw === undefined || raw === '') return defaultTableName;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(raw)) {
    throw new ConfigurationError(`TABLE_NAME must be 3 to 255 characters of a-z A-Z 0-9 _ - ., got "${raw}": e.g. TABLE_NAME=my-concerts, or unset it for ${defaultTableName}`);
  }
  return raw;
};

export const localServerOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): LocalServerOptions => ({
  port: port(env, 'PORT', 3000, 0),
  dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  dynamodbPort: port(env, 'DYNAMODB_PORT', 8000, 1),
  dataDir: env.DATA_DIR || '.data',
  tableName: tableName(env),
  seedDemo: flag(env, 'SEED_DEMO', true, 'skips the demo concert'),
  tableStream: flag(env, 'LOCAL_TABLE_STREAM', true, 'runs without the table stream and its outbox'),
  jwtSecret: env.JWT_SECRET || undefined,
  admissionIntervalSeconds: loadSettings(env).admissionIntervalSeconds,
  handlerEnv: {},
  log: (message) => console.log(message),
});
