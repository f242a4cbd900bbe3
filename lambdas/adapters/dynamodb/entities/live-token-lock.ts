import * as z from 'zod/mini';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, parseItem } from './item';

/**
 * `USER#<id>/LIVE_TOKEN#<concert>`: exists while the user has a live token for the concert and names it. Put only if
 * absent, it is the "one live token per user and concert" rule under concurrency.
 */
export const liveTokenLockEntity = 'LiveTokenLock';

export const liveTokenLockKey = (userId: string, concertId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `LIVE_TOKEN#${concertId}` });

export const liveTokenLockAttribute = { tokenId: 'tokenId' } as const;

export const liveTokenLockToItem = (userId: string, concertId: string, tokenId: string): StoredItem => ({
  ...liveTokenLockKey(userId, concertId),
  entity: liveTokenLockEntity,
  tokenId,
});

const lockSchema = /* @__PURE__ */ lazySchema(() => z.object({ tokenId: z.string() }));

/** The live token the lock names. */
export const lockedTokenIdFromItem = (item: StoredItem): string => parseItem(liveTokenLockEntity, lockSchema, item).tokenId;
