import * as z from 'zod/mini';
import { LedgerEntryKind } from '../../../domain/money';
import type { LedgerEntry, PendingLedgerEntry } from '../../../domain/money';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, oneOf, optional, parseItem } from './item';

/**
 * One balance change, `USER#<id>/LEDGER#<at>#<entryId>`: written without `balanceAfter` in the change's transaction,
 * which the completion adds (balance-change.ts). Sorted by time within the user's partition, newest read first.
 */
export const ledgerEntryEntity = 'LedgerEntry';

export const ledgerEntryKey = (userId: string, at: string, entryId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `LEDGER#${at}#${entryId}` });

/** The user's ledger: their partition, sort keys with this prefix. */
export const ledgerPrefix = (userId: string) => ({ pk: `USER#${userId}`, skPrefix: 'LEDGER#' }) as const;

/** Attributes that conditions, projections and updates name. */
export const ledgerEntryAttribute = { balanceAfter: 'balanceAfter' } as const;

export const pendingLedgerEntryToItem = (entry: PendingLedgerEntry): StoredItem => ({
  ...ledgerEntryKey(entry.userId, entry.at, entry.entryId),
  entity: ledgerEntryEntity,
  entryId: entry.entryId,
  userId: entry.userId,
  kind: entry.kind,
  amount: entry.amount,
  at: entry.at,
  ...optional('paymentId', entry.paymentId),
  ...optional('reservationId', entry.reservationId),
});

const pendingLedgerEntrySchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    sk: z.string(),
    entryId: z.string(),
    userId: z.string(),
    kind: oneOf(Object.values(LedgerEntryKind)),
    amount: z.number(),
    at: z.string(),
    balanceAfter: z.optional(z.number()),
    paymentId: z.optional(z.string()),
    reservationId: z.optional(z.string()),
  }),
);

/** A stored entry, complete or not yet (`balanceAfter` undefined), with its sort key for completing it. */
export const storedLedgerEntryFromItem = (item: StoredItem): PendingLedgerEntry & { readonly sk: string; readonly balanceAfter?: number } => {
  const { sk, entryId, userId, kind, amount, at, balanceAfter, paymentId, reservationId } = parseItem(ledgerEntryEntity, pendingLedgerEntrySchema, item);
  return { sk, entryId, userId, kind, amount, at, ...optional('balanceAfter', balanceAfter), ...optional('paymentId', paymentId), ...optional('reservationId', reservationId) };
};

/** A completed entry as its owner reads it. */
export const ledgerEntryOf = (entry: PendingLedgerEntry, balanceAfter: number): LedgerEntry => {
  const { entryId, userId, kind, amount, at, paymentId, reservationId } = entry;
  return { entryId, userId, kind, amount, balanceAfter, at, ...optional('paymentId', paymentId), ...optional('reservationId', reservationId) };
};

const balanceAfterSchema = /* @__PURE__ */ lazySchema(() => z.object({ balanceAfter: z.optional(z.number()) }));

/** `balanceAfter` of an entry read with only that attribute projected; undefined while the change is pending. */
export const balanceAfterFromItem = (item: StoredItem): number | undefined => parseItem(ledgerEntryEntity, balanceAfterSchema, item).balanceAfter;
