import type { LedgerEntryKind } from '../../domain/money';
import { historyPageSize } from '../ports';
import type { LedgerReader } from './ports';

/** A ledger entry as its owner sees it; `reservationId` only on payments and refunds. */
export interface LedgerEntryView {
  readonly entryId: string;
  readonly kind: LedgerEntryKind;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly at: string;
  readonly reservationId?: string;
}

export interface LedgerPage {
  readonly entries: LedgerEntryView[];
  readonly nextCursor: string | null;
}

/** The caller's balance changes, newest first, a page at a time; together they sum to the balance. */
export const listLedger =
  (deps: { readonly ledger: LedgerReader }) =>
  async (userId: string, cursor?: string): Promise<LedgerPage> => {
    const page = await deps.ledger.listLedger(userId, historyPageSize, cursor);
    return {
      entries: page.items.map(({ entryId, kind, amount, balanceAfter, at, reservationId }) => ({
        entryId,
        kind,
        amount,
        balanceAfter,
        at,
        ...(reservationId === undefined ? {} : { reservationId }),
      })),
      nextCursor: page.nextCursor,
    };
  };
