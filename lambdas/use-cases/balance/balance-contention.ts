import { UserNotFoundError } from '../../domain/errors';
import type { BalanceReader } from './ports';

/**
 * A balance write is computed from the balance read just before it and applies only if that balance is
 * unchanged, which keeps every ledger `balanceAfter` and every answered balance exact. A writer that lost to a
 * concurrent change of the same balance pauses (jittered, growing), reads again and recomputes. Past the budget
 * the request ends in 503 and the client may retry. The pauses of a full budget add up to at most 6.6 s, inside
 * the API functions' 10 s timeout; 100 parallel charges of one user need about 10 rounds on DynamoDB Local.
 */
export const balanceContention = { maxAttempts: 20, basePauseMs: 20, maxPauseMs: 400 } as const;

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
