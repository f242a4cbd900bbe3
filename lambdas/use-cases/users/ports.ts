import type { User } from '../../domain/user';

/** A new user key and the hash under which it is stored (the key itself is never stored). */
export interface IssuedUserKey {
  readonly key: string;
  readonly hash: string;
}

export interface UserKeys {
  newKey(): IssuedUserKey;
  hashOf(key: string): string;
}

export interface UserKeyReader {
  /** Strongly consistent: a key replaced a moment ago is already unknown. */
  findUserIdByKeyHash(keyHash: string): Promise<string | undefined>;
}

export interface UserRepository extends UserKeyReader {
  /** The user and the lookup item of their first key, together. */
  createUser(user: User, keyHash: string): Promise<void>;
  /**
   * Replaces the user's key: the new lookup item is written, the old one deleted and the profile's `keyHash`
   * moved, in one transaction conditioned on the `keyHash` read. `keyChanged`: another rotation won the race.
   */
  replaceKey(userId: string, newKeyHash: string): Promise<KeyReplacement>;
}

export type KeyReplacement = { readonly kind: 'replaced' } | { readonly kind: 'keyChanged' } | { readonly kind: 'userNotFound' };
