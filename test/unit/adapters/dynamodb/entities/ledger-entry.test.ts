import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import {
  balanceAfterFromItem,
  ledgerEntryKey,
  ledgerEntryOf,
  ledgerPrefix,
  pendingLedgerEntryToItem,
  storedLedgerEntryFromItem,
} from '../../../../../lambdas/adapters/dynamodb/entities/ledger-entry';
import type { PendingLedgerEntry } from '../../../../../lambdas/domain/money';

const payment: PendingLedgerEntry = {
  entryId: 'e-1',
  userId: 'u-1',
  kind: 'PAYMENT',
  amount: -50_000,
  at: '2026-11-30T16:00:00.000Z',
  paymentId: 'p-1',
  reservationId: 'r-1',
};

describe('ledger entry entity', () => {
  it('stores an entry in its owner partition, under the ledger prefix, sorted by time', () => {
    const item = pendingLedgerEntryToItem(payment);
    expect(item).toMatchObject({ ...ledgerEntryKey('u-1', payment.at, 'e-1'), entity: 'LedgerEntry', kind: 'PAYMENT', amount: -50_000 });
    expect(item.pk).toBe(ledgerPrefix('u-1').pk);
    expect(String(item.sk).startsWith(ledgerPrefix('u-1').skPrefix)).toBe(true);
    expect(item).not.toHaveProperty('balanceAfter');
  });

  it('reads back a pending entry with its sort key, and a completed one with its balance', () => {
    const item = pendingLedgerEntryToItem(payment);
    const pending = storedLedgerEntryFromItem(item);
    expect(pending).toEqual({ ...payment, sk: item.sk });
    expect(storedLedgerEntryFromItem({ ...item, balanceAfter: 20_000 }).balanceAfter).toBe(20_000);
    expect(ledgerEntryOf(pending, 20_000)).toEqual({ ...payment, balanceAfter: 20_000 });
  });

  it('leaves optional references out of a charge', () => {
    const charge = storedLedgerEntryFromItem(pendingLedgerEntryToItem({ entryId: 'e-2', userId: 'u-1', kind: 'CHARGE', amount: 1_000, at: payment.at }));
    expect(ledgerEntryOf(charge, 1_000)).toEqual({ entryId: 'e-2', userId: 'u-1', kind: 'CHARGE', amount: 1_000, at: payment.at, balanceAfter: 1_000 });
  });

  it('refuses an entry of an unknown kind, naming the field', () => {
    expect(() => storedLedgerEntryFromItem({ ...pendingLedgerEntryToItem(payment), kind: 'GIFT' })).toThrow('malformed LedgerEntry item: kind:');
  });

  it('reads balanceAfter from a projected entry, undefined while pending, and refuses text', () => {
    expect(balanceAfterFromItem({ balanceAfter: 5 })).toBe(5);
    expect(balanceAfterFromItem({})).toBeUndefined();
    expect(() => balanceAfterFromItem({ balanceAfter: '5' })).toThrow(MalformedItemError);
  });
});
