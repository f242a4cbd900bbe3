import type { ItemKey } from '../table';
import type { StoredItem } from './item';

/**
 * An accepted proof-of-work solution, `CHALLENGE#<challenge hash>/CHALLENGE`: exists until the challenge has expired
 * (its TTL). Only ever put-if-absent, never read back, so it has no parser.
 */
export const spentChallengeEntity = 'SpentChallenge';

export const spentChallengeKey = (challengeHash: string): ItemKey => ({ pk: `CHALLENGE#${challengeHash}`, sk: 'CHALLENGE' });

export const spentChallengeToItem = (challengeHash: string, expiresAtMs: number): StoredItem => ({
  ...spentChallengeKey(challengeHash),
  entity: spentChallengeEntity,
  ttl: Math.ceil(expiresAtMs / 1000),
});
