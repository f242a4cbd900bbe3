import type { Node } from 'constructs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { loadSettings } from '../lambdas/config';
import { lambdaMaxTimeoutSeconds, maxSaleOpenerIntervalSeconds, saleOpenerDrawBudgetSeconds } from './service-function';
import type { Settings } from '../lambdas/config';

/** Service settings that reach every function as environment variables (names fixed by API.md). */
export type ServiceSettings = Omit<Settings, 'tableName'>;

/** Settings key → environment variable. The keys double as the `-c <key>=<value>` context names. */
export const settingEnvironmentNames = {
  holdTtlSeconds: 'HOLD_TTL_SECONDS',
  activeTokenTtlSeconds: 'ACTIVE_TOKEN_TTL_SECONDS',
  waitingTokenIdleSeconds: 'WAITING_TOKEN_IDLE_SECONDS',
  maxActiveTokens: 'MAX_ACTIVE_TOKENS',
  admissionIntervalSeconds: 'ADMISSION_INTERVAL_SECONDS',
  maxSeatsPerUser: 'MAX_SEATS_PER_USER',
  refundCutoffHours: 'REFUND_CUTOFF_HOURS',
  queueShards: 'QUEUE_SHARDS',
  saleOpenerIntervalSeconds: 'SALE_OPENER_INTERVAL_SECONDS',
  challengeMaxNumber: 'CHALLENGE_MAX_NUMBER',
} as const satisfies Record<keyof ServiceSettings, string>;

export interface DeploymentConfig {
  /** Part of every physical name, so several stages can share an account. */
  readonly stage: string;
  readonly settings: ServiceSettings;
  readonly apiThrottle: Throttle;
  /** Tighter throttles of the routes that create something for free or that anyone may call (API Gateway route settings). */
  readonly routeThrottles: Readonly<Record<ThrottledRoute, Throttle>>;
  readonly corsAllowOrigins: readonly string[];
  readonly logRetention: RetentionDays;
  /** CloudWatch alarms and their SNS topic; they are most of an idle stage's cost, so only `prod` has them by default. */
  readonly alarms: boolean;
  /** Alarm notifications go to this address when set (SNS e-mail subscription). */
  readonly alarmEmail: string | undefined;
  /** Opt-in AWS WAF on the CloudFront distribution: requests per 5 minutes per IP (10..2,000,000,000). */
  readonly webRateLimit: number | undefined;
}

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Routes throttled on their own, below the stage: sign-ups and queue entries are what a bot farms, and challenges
 * are free to fetch. Context keys `<key>RateLimit` / `<key>BurstLimit`; the defaults let a flash sale in (the
 * waiting room takes ~3,000 issues/s per concert at most, see docs/data-model.md) while one client cannot take
 * everyone's share of the stage's 1,000 req/s.
 */
export const throttledRoutes = {
  createUser: { routeKey: 'POST /users', defaults: { rateLimit: 50, burstLimit: 100 } },
  issueQueueToken: { routeKey: 'POST /queue/tokens', defaults: { rateLimit: 500, burstLimit: 1000 } },
  getChallenge: { routeKey: 'GET /challenge', defaults: { rateLimit: 500, burstLimit: 1000 } },
} as const;
export type ThrottledRoute = keyof typeof throttledRoutes;

/** Only `dev` is disposable: every other stage keeps its data when the stack goes away. */
export const isDisposableStage = (stage: string): boolean => stage === 'dev';

/** Alarms cost $0.10 each per month whether or not anything happens: on for `prod`, opt-in elsewhere. */
const alarmsByDefault = (stage: string): boolean => stage === 'prod';

/**
 * On AWS the sweeper admits from the waiting room on an EventBridge schedule, whose finest rate is one minute,
 * so the admission interval defaults to 60 s (locally it is 5 s) and must be whole minutes.
 */
export const awsAdmissionIntervalSeconds = 60;

const contractDefaults: ServiceSettings = {
  ...loadSettings({}),
  admissionIntervalSeconds: awsAdmissionIntervalSeconds,
  saleOpenerIntervalSeconds: awsAdmissionIntervalSeconds,
};

const stagePattern = /^[a-z][a-z0-9-]{0,15}$/;

const contextString = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`context "${key}" must be a string or number`);
  return String(value);
};

const positiveIntegerContext = (node: Node, key: string, fallback: number): number => {
  const raw = contextString(node, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`context "${key}" must be a positive integer, got "${raw}"`);
  return value;
};

/** `-c key=true` arrives as a string, `"key": true` in cdk.json as a boolean. */
const booleanContext = (node: Node, key: string, fallback: boolean): boolean => {
  const value: unknown = node.tryGetContext(key);
  if (typeof value === 'boolean') return value;
  const raw = contextString(node, key);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`context "${key}" must be true or false, got "${raw}"`);
  return raw === 'true';
};

const nonNegativeIntegerContext = (node: Node, key: string, fallback: number): number => {
  const raw = contextString(node, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`context "${key}" must be a non-negative integer, got "${raw}"`);
  return value;
};

const retentionContext = (node: Node, fallback: RetentionDays): RetentionDays => {
  const days = positiveIntegerContext(node, 'logRetentionDays', fallback);
  const allowed = Object.values(RetentionDays).filter((value): value is RetentionDays => typeof value === 'number');
  if (!allowed.includes(days)) throw new Error(`context "logRetentionDays" must be one of ${allowed.join(', ')}, got ${days}`);
  return days;
};

/** WAF's rate-based rules count per 5 minutes and accept 10 and more. */
const webRateLimitContext = (node: Node): number | undefined => {
  if (contextString(node, 'webRateLimit') === undefined) return undefined;
  const limit = positiveIntegerContext(node, 'webRateLimit', 0);
  if (limit < 10) throw new Error(`context "webRateLimit" must be at least 10 (requests per 5 minutes per IP), got ${limit}`);
  return limit;
};

/** Reads `-c key=value` / cdk.json context; every key is optional and documented in docs/deploy.md. */
export const readDeploymentConfig = (node: Node): DeploymentConfig => {
  const stage = contextString(node, 'stage') ?? 'dev';
  if (!stagePattern.test(stage)) throw new Error(`context "stage" must match ${stagePattern}, got "${stage}"`);

  const setting = (key: keyof ServiceSettings): number => positiveIntegerContext(node, key, contractDefaults[key]);
  const settings: ServiceSettings = {
    holdTtlSeconds: setting('holdTtlSeconds'),
    activeTokenTtlSeconds: setting('activeTokenTtlSeconds'),
    waitingTokenIdleSeconds: setting('waitingTokenIdleSeconds'),
    maxActiveTokens: setting('maxActiveTokens'),
    admissionIntervalSeconds: setting('admissionIntervalSeconds'),
    maxSeatsPerUser: setting('maxSeatsPerUser'),
    // 0 is allowed: refunds until the date starts.
    refundCutoffHours: nonNegativeIntegerContext(node, 'refundCutoffHours', contractDefaults.refundCutoffHours),
    queueShards: setting('queueShards'),
    saleOpenerIntervalSeconds: setting('saleOpenerIntervalSeconds'),
    challengeMaxNumber: nonNegativeIntegerContext(node, 'challengeMaxNumber', contractDefaults.challengeMaxNumber),
  };
  for (const key of ['admissionIntervalSeconds', 'saleOpenerIntervalSeconds'] as const) {
    if (settings[key] % 60 !== 0) throw new Error(`context "${key}" must be whole minutes on AWS, got ${settings[key]}`);
  }
  if (settings.saleOpenerIntervalSeconds > maxSaleOpenerIntervalSeconds) {
    throw new Error(
      `context "saleOpenerIntervalSeconds" may be at most ${maxSaleOpenerIntervalSeconds} (Lambda's ${lambdaMaxTimeoutSeconds} s limit less ${saleOpenerDrawBudgetSeconds} s for the draw), got ${settings.saleOpenerIntervalSeconds}`,
    );
  }

  const throttle = (prefix: string, defaults: Throttle): Throttle => {
    const rateLimit = positiveIntegerContext(node, `${prefix}RateLimit`, defaults.rateLimit);
    const burstLimit = positiveIntegerContext(node, `${prefix}BurstLimit`, defaults.burstLimit);
    if (burstLimit < rateLimit) throw new Error(`context "${prefix}BurstLimit" must be at least "${prefix}RateLimit"`);
    return { rateLimit, burstLimit };
  };
  const routeThrottles = Object.fromEntries(
    Object.entries(throttledRoutes).map(([key, route]) => [key, throttle(`${key}Throttle`, route.defaults)]),
  ) as Record<ThrottledRoute, Throttle>;

  // Bearer credentials, no cookies, so `*` would be safe from CSRF; outside dev the origins are still named, so
  // that only the fans' own web app can call the API from a browser.
  const corsAllowOrigins = (contextString(node, 'corsAllowOrigins') ?? (isDisposableStage(stage) ? '*' : ''))
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (!isDisposableStage(stage) && corsAllowOrigins.includes('*')) {
    throw new Error(`context "corsAllowOrigins" may not be "*" outside dev (stage "${stage}"): name the web app's origins`);
  }

  const alarms = booleanContext(node, 'alarms', alarmsByDefault(stage));
  const alarmEmail = contextString(node, 'alarmEmail');
  if (alarmEmail !== undefined && !alarms) {
    throw new Error(`context "alarmEmail" needs alarms, which are off for stage "${stage}": add -c alarms=true`);
  }

  return {
    stage,
    settings,
    apiThrottle: throttle('apiThrottle', { rateLimit: 1000, burstLimit: 2000 }),
    routeThrottles,
    corsAllowOrigins,
    logRetention: retentionContext(node, RetentionDays.ONE_MONTH),
    alarms,
    alarmEmail,
    webRateLimit: webRateLimitContext(node),
  };
};
