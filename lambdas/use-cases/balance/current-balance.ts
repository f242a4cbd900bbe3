import { UserNotFoundError } from '../../domain/errors';
import type { BalanceReader } from './ports';

/** The user's balance, strongly consistent; a user that does not exist has none. */
export const currentBalance = async (balances: BalanceReader, userId: string): Promise<number> => {
  const balance = await balances.findBalance(userId);
  if (balance === undefined) throw new UserNotFoundError(userId);
  return balance;
};
