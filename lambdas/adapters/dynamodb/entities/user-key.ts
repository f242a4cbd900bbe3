import * as z from 'zod/mini';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, parseItem } from './item';

/**
 * The lookup item of a user key, `USERKEY#<hash>/USERKEY`, keyed by the key's SHA-256 (base64url): the key itself is
 * never stored, and authenticating it is one GetItem by its hash.
 */
export const userKeyEntity = 'UserKey';

export const userKeyKey = (keyHash: string): ItemKey => ({ pk: `USERKEY#${keyHash}`, sk: 'USERKEY' });

export const userKeyAttribute = { userId: 'userId' } as const;

export const userKeyToItem = (keyHash: string, userId: string, createdAt: string): StoredItem => ({
  ...userKeyKey(keyHash),
  entity: userKeyEntity,
  userId,
  createdAt,
});

/** The user the key belongs to. */
const userKeySchema = /* @__PURE__ */ lazySchema(() => z.object({ userId: z.string() }));

export const userKeyFromItem = (item: StoredItem): { readonly userId: string } => parseItem(userKeyEntity, userKeySchema, item);
