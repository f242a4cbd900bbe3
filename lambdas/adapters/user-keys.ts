import { createHash, randomBytes } from 'node:crypto';
import { userKeyPrefix } from '../domain/credentials';
import type { UserKeys } from '../use-cases/users/ports';

/**
 * User keys: 256 random bits, base64url, behind `uk_`. Only the SHA-256 of a key is stored, as the key of its lookup
 * item: a key is found by its hash, so no secret is ever compared, and a leaked table reveals no usable key (a
 * salt would add nothing: the key itself has 256 bits of entropy).
 */
export const userKeys: UserKeys = {
  newKey: () => {
    const key = `${userKeyPrefix}${randomBytes(32).toString('base64url')}`;
    return { key, hash: userKeys.hashOf(key) };
  },
  hashOf: (key) => createHash('sha256').update(key, 'utf8').digest('base64url'),
};
