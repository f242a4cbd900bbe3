import type { User } from '../../domain/user';
import type { IdGenerator } from '../ports';
import type { UserKeys, UserRepository } from './ports';

/** A new user and their user key: the key is returned here once and never again (only its hash is kept). */
export const registerUser =
  (deps: { users: UserRepository; ids: IdGenerator; keys: UserKeys }) =>
  async (name: string): Promise<User & { readonly userKey: string }> => {
    const user: User = { userId: deps.ids.newId(), name };
    const { key, hash } = deps.keys.newKey();
    await deps.users.createUser(user, hash);
    return { ...user, userKey: key };
  };
