import { ServiceUnavailableError, UserNotFoundError } from '../../domain/errors';
import type { UserKeys, UserRepository } from './ports';

/** Rotations of one user racing each other: a few rounds settle them (each round re-reads the current key). */
const maxRounds = 3;

/**
 * Gives the user a new key and kills the old one at once (its lookup item is deleted in the same transaction).
 * Queue tokens are separate credentials and stay live.
 */
export const rotateUserKey =
  (deps: { users: UserRepository; keys: UserKeys }) =>
  async (userId: string): Promise<{ readonly userId: string; readonly userKey: string }> => {
    for (let round = 1; round <= maxRounds; round += 1) {
      const { key, hash } = deps.keys.newKey();
      const replacement = await deps.users.replaceKey(userId, hash);
      if (replacement.kind === 'replaced') return { userId, userKey: key };
      if (replacement.kind === 'userNotFound') throw new UserNotFoundError(userId);
    }
    throw new ServiceUnavailableError('the user key kept changing while being replaced');
  };
