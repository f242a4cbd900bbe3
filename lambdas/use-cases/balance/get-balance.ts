import { currentBalance } from './current-balance';
import type { BalanceReader } from './ports';

export interface BalanceView {
  readonly userId: string;
  readonly balance: number;
}

export const getBalance =
  (deps: { balances: BalanceReader }) =>
  async (userId: string): Promise<BalanceView> => ({ userId, balance: await currentBalance(deps.balances, userId) });
