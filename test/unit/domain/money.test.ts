import { BalanceLimitExceededError, InsufficientBalanceError, InvalidAmountError } from '../../../lambdas/domain/errors';
import { balanceBoundsBefore, credit, debit, LedgerEntryKind, moneyLimits, parseChargeAmount } from '../../../lambdas/domain/money';

describe('parseChargeAmount', () => {
  it.each([1, 2, 999_999, 1_000_000])('accepts the integer %d', (amount) => {
    expect(parseChargeAmount(amount)).toBe(amount);
  });

  it.each([0, -1, 1_000_001, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1000', null, undefined, true, [1], { amount: 1 }])(
    'refuses %p as INVALID_AMOUNT',
    (amount) => {
      expect(() => parseChargeAmount(amount)).toThrow(InvalidAmountError);
    },
  );
});

describe('credit', () => {
  it('adds the amount', () => {
    expect(credit('u', 1_000, 500)).toBe(1_500);
  });

  it('allows the balance to reach the cap exactly', () => {
    expect(credit('u', moneyLimits.maxBalance - 10, 10)).toBe(100_000_000);
  });

  it('refuses to pass the cap with BALANCE_LIMIT_EXCEEDED', () => {
    expect(() => credit('u', moneyLimits.maxBalance, 1)).toThrow(BalanceLimitExceededError);
  });
});

describe('debit', () => {
  it('takes the price, down to exactly zero', () => {
    expect(debit('u', 50_000, 20_000)).toBe(30_000);
    expect(debit('u', 50_000, 50_000)).toBe(0);
  });

  it('refuses a balance below the price with INSUFFICIENT_BALANCE', () => {
    expect(() => debit('u', 49_999, 50_000)).toThrow(InsufficientBalanceError);
  });
});

describe('balanceBoundsBefore', () => {
  it('lets a charge start only with room under the cap for it', () => {
    expect(balanceBoundsBefore({ kind: LedgerEntryKind.charge, amount: 500 })).toEqual({ lowest: 0, highest: moneyLimits.maxBalance - 500 });
  });

  it('lets a payment start from any balance that covers it, also one a refund took over the cap', () => {
    expect(balanceBoundsBefore({ kind: LedgerEntryKind.payment, amount: -500 })).toEqual({ lowest: 500, highest: Number.MAX_SAFE_INTEGER });
  });

  it('never caps a refund: it gives back money that was the user’s before the payment', () => {
    expect(balanceBoundsBefore({ kind: LedgerEntryKind.refund, amount: 500 }).highest).toBeGreaterThan(moneyLimits.maxBalance);
    expect(balanceBoundsBefore({ kind: LedgerEntryKind.refund, amount: 500 }).lowest).toBe(0);
  });
});
