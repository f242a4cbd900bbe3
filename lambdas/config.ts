import { defaultChallengeMaxNumber } from './domain/challenge';

/** Settings shared by the local server and Lambda; the names are part of the public contract (API.md). */
export interface Settings {
  readonly tableName: string;
  readonly holdTtlSeconds: number;
  readonly activeTokenTtlSeconds: number;
  readonly waitingTokenIdleSeconds: number;
  readonly maxActiveTokens: number;
  readonly admissionIntervalSeconds: number;
  readonly maxSeatsPerUser: number;
  /** A CONFIRMED reservation can be refunded until this many hours before its date starts (00:00 UTC). */
  readonly refundCutoffHours: number;
  /** Counter shards per waiting room; see docs/data-model.md for the throughput this buys. */
  readonly queueShards: number;
  /** How often the sale opener runs, and so how far ahead it looks for openings to wait for (60 on AWS, 1 locally). */
  readonly saleOpenerIntervalSeconds: number;
  /** Proof-of-work difficulty of POST /users and POST /queue/tokens; 0 turns the check off. */
  readonly challengeMaxNumber: number;
}

export const defaultTableName = 'concert-reservations';

/** A setting the process cannot run with; the message names the variable, the value and the fix. */
export class ConfigurationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(`${name} must be a positive integer, got "${raw}": set a whole number ≥ 1, or unset it for the default ${fallback}`);
  }
  return value;
};

const nonNegativeInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new ConfigurationError(`${name} must be a whole number ≥ 0, got "${raw}": set one, or unset it for the default ${fallback}`);
  }
  return value;
};

export const loadSettings = (env: NodeJS.ProcessEnv = process.env): Settings => ({
  tableName: env.TABLE_NAME || defaultTableName,
  holdTtlSeconds: positiveInteger(env, 'HOLD_TTL_SECONDS', 300),
  activeTokenTtlSeconds: positiveInteger(env, 'ACTIVE_TOKEN_TTL_SECONDS', 600),
  waitingTokenIdleSeconds: positiveInteger(env, 'WAITING_TOKEN_IDLE_SECONDS', 120),
  maxActiveTokens: positiveInteger(env, 'MAX_ACTIVE_TOKENS', 100),
  admissionIntervalSeconds: positiveInteger(env, 'ADMISSION_INTERVAL_SECONDS', 5),
  maxSeatsPerUser: positiveInteger(env, 'MAX_SEATS_PER_USER', 4),
  refundCutoffHours: nonNegativeInteger(env, 'REFUND_CUTOFF_HOURS', 24),
  queueShards: positiveInteger(env, 'QUEUE_SHARDS', 8),
  saleOpenerIntervalSeconds: positiveInteger(env, 'SALE_OPENER_INTERVAL_SECONDS', 60),
  challengeMaxNumber: nonNegativeInteger(env, 'CHALLENGE_MAX_NUMBER', defaultChallengeMaxNumber),
});
