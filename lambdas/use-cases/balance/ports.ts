import type { IdempotencyRecord, IdempotentOperation } from '../../domain/idempotency';
import type { LedgerEntry } from '../../domain/money';

export interface BalanceReader {
  /** Strongly consistent; undefined when there is no such user. */
  findBalance(userId: string): Promise<number | undefined>;
}

/** The idempotency record written in the same transaction as the effect it answers. */
export interface IdempotencyRecordWrite {
  readonly operation: IdempotentOperation;
  readonly key: string;
  readonly record: IdempotencyRecord;
}

export interface ChargeWrite {
  readonly userId: string;
  /**
   * The balance the charge was computed from: the write applies only while the balance is still this, so the
   * ledger's `balanceAfter` and the recorded response are exact even with concurrent changes.
   */
  readonly expectedBalance: number;
  readonly entry: LedgerEntry;
  readonly idempotency?: IdempotencyRecordWrite;
  readonly nowMs: number;
}

/**
 * `applied`: balance, ledger entry (and record) written. `balanceChanged`: another change of the balance landed
 * first; read and compute again. `alreadyRecorded`: the Idempotency-Key already has a record (a concurrent retry won).
 */
export type BalanceWriteOutcome = { readonly kind: 'applied' } | { readonly kind: 'balanceChanged' } | { readonly kind: 'alreadyRecorded' };

export interface BalanceRepository extends BalanceReader {
  /** Balance + amount, ledger entry and idempotency record in one transaction, all or nothing. */
  applyCharge(charge: ChargeWrite): Promise<BalanceWriteOutcome>;
}
