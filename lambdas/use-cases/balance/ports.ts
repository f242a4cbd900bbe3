import type { IdempotencyRecord } from '../../domain/idempotency';
import type { LedgerEntry, PendingLedgerEntry } from '../../domain/money';
import type { IdempotencyRecordWrite } from '../idempotency/ports';
import type { Page } from '../ports';

export interface BalanceReader {
  /** Strongly consistent; undefined when there is no such user. */
  findBalance(userId: string): Promise<number | undefined>;
}

/**
 * The idempotency record written in the same transaction as the effect it answers. For a balance change its
 * `response` carries `balance: null`: the balance after the change is filled in from the ledger when it is read.
 */
/**
 * One change of a user's balance, written inside the transaction of the operation that makes it (charge, payment,
 * refund). It is conditioned only on its bounds (no overdraft, the cap), never on the exact balance, so DynamoDB
 * applies concurrent changes of one balance one after another; the balance after it is recorded by the same write.
 */
export interface BalanceChange {
  readonly userId: string;
  /** Signed amount in `entry.amount`; `balanceAfter` is filled in once the change is applied. */
  readonly entry: PendingLedgerEntry;
  readonly idempotency?: IdempotencyRecordWrite;
  readonly nowMs: number;
}

/**
 * `applied` with the balance right after this change. `alreadyRecorded`: the Idempotency-Key already has a record
 * (an earlier or concurrent request with it won), with that record when the refused write returned it. `outOfBounds`: the change would pass the cap (credit) or overdraw (debit), judged on
 * `balance`, the balance it met. `userNotFound`: no such user.
 */
export type BalanceWriteOutcome =
  | { readonly kind: 'applied'; readonly balanceAfter: number }
  | { readonly kind: 'alreadyRecorded'; readonly record?: IdempotencyRecord }
  | { readonly kind: 'outOfBounds'; readonly balance: number }
  | { readonly kind: 'userNotFound' };

/** A user's ledger, newest first, one Query per page on the user's own partition. */
export interface LedgerReader {
  /** Strongly consistent. A bad cursor: ValidationError. */
  listLedger(userId: string, pageSize: number, cursor?: string): Promise<Page<LedgerEntry>>;
}

export interface BalanceRepository extends BalanceReader {
  /** Balance + amount, ledger entry and idempotency record in one transaction, all or nothing. */
  applyCharge(charge: BalanceChange): Promise<BalanceWriteOutcome>;
}
