import { UserNotFoundError } from '../../domain/errors';
import type { BalanceReader } from './ports';

/**
 * A balance write is computed from the balance read just before it and applies only if that balance is
 * unchanged, which keeps every ledger `balanceAfter` and every answered balance exact. A writer that lost to a
 * concurrent change of the same balance pauses (jittered, growing), reads again and recomputes. Past the budget
 * the request ends in 503 and the client may retry.
 */
export const balanceContention = { maxAttempts: 40, basePauseMs: 20, maxPauseMs: 1000 } as const;

export const pauseAfterLostRound = (attempt: number): Promise<void> => {
  const ceiling = Math.min(balanceContention.maxPauseMs, balanceContention.basePauseMs * 2 ** Math.min(attempt, 10));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
};

/** The user's balance, strongly consistent; a user that does not exist has none. */
export const currentBalance = async (balances: BalanceReader, userId: string): Promise<number> => {
  const balance = await balances.findBalance(userId);
  if (balance === undefined) throw new UserNotFoundError(userId);
  return balance;
};
