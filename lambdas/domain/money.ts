import { BalanceLimitExceededError, InsufficientBalanceError, InvalidAmountError } from './errors';

/** Every amount is an integer number of won; these are the contract's bounds. */
export const moneyLimits = { minCharge: 1, maxCharge: 1_000_000, maxBalance: 100_000_000 } as const;

/**
 * A charge amount exactly as the contract allows it. Anything else the client sent in `amount` (a fraction,
 * a string, null, a number out of range) is INVALID_AMOUNT rather than a generic validation error.
 */
export const parseChargeAmount = (amount: unknown): number => {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) throw new InvalidAmountError(amount);
  if (amount < moneyLimits.minCharge || amount > moneyLimits.maxCharge) throw new InvalidAmountError(amount);
  return amount;
};

/** The balance after crediting `amount`, refused when it would pass the cap. */
export const credit = (userId: string, balance: number, amount: number): number => {
  const after = balance + amount;
  if (after > moneyLimits.maxBalance) throw new BalanceLimitExceededError(userId, moneyLimits.maxBalance);
  return after;
};

/** The balance after paying `price`, refused when the balance is lower. */
export const debit = (userId: string, balance: number, price: number): number => {
  if (balance < price) throw new InsufficientBalanceError(userId, balance, price);
  return balance - price;
};

export const LedgerEntryKind = { charge: 'CHARGE', payment: 'PAYMENT', refund: 'REFUND' } as const;
export type LedgerEntryKind = (typeof LedgerEntryKind)[keyof typeof LedgerEntryKind];

/**
 * One change of a balance, written in the same transaction as the change itself, so the balance always
 * equals the sum of the user's ledger amounts.
 */
export interface LedgerEntry {
  readonly entryId: string;
  readonly userId: string;
  readonly kind: LedgerEntryKind;
  /** Signed: positive for a charge or a refund, negative for a payment. */
  readonly amount: number;
  readonly balanceAfter: number;
  /** ISO-8601 UTC time of the change. */
  readonly at: string;
  readonly paymentId?: string;
  /** The reservation paid or refunded (payments and refunds only). */
  readonly reservationId?: string;
}

/**
 * The balances from which a change keeps the balance within its bounds: a debit needs the balance to cover it and
 * nothing more (a balance a refund took over the cap must still pay), a credit needs room under the cap, except a
 * refund, which gives back money that was the user's before the payment (so a charge made meanwhile never makes a
 * refund fail). A change is applied only from such a balance, which is the one condition the storage checks, so
 * concurrent changes never have to guess the exact balance.
 */
export const balanceBoundsBefore = (entry: Pick<LedgerEntry, 'amount' | 'kind'>): { readonly lowest: number; readonly highest: number } => ({
  lowest: Math.max(0, -entry.amount),
  highest: entry.kind === LedgerEntryKind.charge ? moneyLimits.maxBalance - entry.amount : Number.MAX_SAFE_INTEGER,
});

/** A ledger entry as its change writes it: `balanceAfter` is known only once storage has applied the change. */
export type PendingLedgerEntry = Omit<LedgerEntry, 'balanceAfter'>;
