import { UserNotFoundError } from '../../domain/errors';
import type { BalanceReader } from './ports';

export interface BalanceView {
  readonly userId: string;
  readonly balance: number;
}

export const getBalance =
  (deps: { balances: BalanceReader }) =>
  async (userId: string): Promise<BalanceView> => {
    const balance = await deps.balances.findBalance(userId);
    if (balance === undefined) throw new UserNotFoundError(userId);
    return { userId, balance };
  };
