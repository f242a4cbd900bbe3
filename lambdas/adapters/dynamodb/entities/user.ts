import * as z from 'zod/mini';
import type { User } from '../../../domain/user';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, parseItem } from './item';

/**
 * A user's profile, `USER#<id>/PROFILE`: name, balance (integer won) and the hash of the current user key. The user's
 * ledger entries, payments, idempotency records and seat counters share its partition.
 */
export const userEntity = 'User';

export const userProfileKey = (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'PROFILE' });

/** Attributes that conditions and updates name. */
export const userAttribute = { balance: 'balance', keyHash: 'keyHash' } as const;

export const newUserItem = (user: User, keyHash: string, createdAt: string): StoredItem => ({
  ...userProfileKey(user.userId),
  entity: userEntity,
  userId: user.userId,
  name: user.name,
  balance: 0,
  keyHash,
  createdAt,
});

const keyHashSchema = /* @__PURE__ */ lazySchema(() => z.object({ keyHash: z.optional(z.string()) }));

/** The hash of the user's current key; absent for a user created before keys existed. */
export const keyHashFromItem = (item: StoredItem): string | undefined =>
  parseItem(userEntity, keyHashSchema, item).keyHash;

const balanceSchema = /* @__PURE__ */ lazySchema(() => z.object({ balance: z.optional(z.number()) }));

/** The balance in won; 0 for a user item written before balances were kept. */
export const balanceFromItem = (item: StoredItem): number => parseItem(userEntity, balanceSchema, item).balance ?? 0;
