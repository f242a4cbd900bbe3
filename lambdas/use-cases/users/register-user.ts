import type { User } from '../../domain/user';
import type { IdGenerator } from '../ports';
import type { UserRepository } from './ports';

export const registerUser =
  (deps: { users: UserRepository; ids: IdGenerator }) =>
  async (name: string): Promise<User> => {
    const user: User = { userId: deps.ids.newId(), name };
    await deps.users.createUser(user);
    return user;
  };
