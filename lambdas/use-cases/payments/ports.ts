import type { PendingLedgerEntry } from '../../domain/money';
import type { Payment } from '../../domain/payment';
import type { QueueToken } from '../../domain/queue';
import type { Reservation } from '../../domain/reservation';
import type { IdempotencyRecordWrite } from '../idempotency/ports';

export interface PaymentWrite {
  readonly payment: Payment;
  /** As read before the write: locates the seat and the user's seat counter. */
  readonly reservation: Reservation;
  /** The ACTIVE token paid with, as read: the payment ends it (PAID), frees its slot and releases its lock. */
  readonly token: QueueToken;
  /** The debit's ledger entry (amount −price); the debit is conditioned only on the balance covering it. */
  readonly entry: PendingLedgerEntry;
  readonly idempotency?: IdempotencyRecordWrite;
  readonly nowMs: number;
}

/**
 * Which condition of the payment transaction stopped it, most telling first:
 * `alreadyRecorded` (a concurrent retry with the same Idempotency-Key won), `reservationChanged` (no longer
 * HELD by this user before its deadline; carries the stored reservation), `holdLost` (the seat or the user's
 * hold entry no longer belongs to this reservation), `tokenNotLive` (the token ended meanwhile) and
 * `insufficientBalance` (the balance the debit met did not cover the price). `paid` carries the balance right
 * after the debit.
 */
export type PaymentWriteOutcome =
  | { readonly kind: 'paid'; readonly balanceAfter: number }
  | { readonly kind: 'alreadyRecorded' }
  | { readonly kind: 'reservationChanged'; readonly reservation: Reservation | undefined }
  | { readonly kind: 'holdLost' }
  | { readonly kind: 'tokenNotLive' }
  | { readonly kind: 'insufficientBalance'; readonly balance: number };

export interface PaymentRepository {
  /**
   * One transaction: reservation CONFIRMED, seat SOLD, hold entry removed, balance debited, payment and ledger
   * entry written, token PAID with its slot and lock released, idempotency record written.
   */
  pay(write: PaymentWrite): Promise<PaymentWriteOutcome>;
}

export interface RefundWrite {
  /** As read, CONFIRMED: locates its seats and the user's seat counter. */
  readonly reservation: Reservation;
  /** The REFUND entry: `amount` = +price, `reservationId`; the credit goes through the one balance-write path. */
  readonly entry: PendingLedgerEntry;
  readonly idempotency?: IdempotencyRecordWrite;
  readonly nowMs: number;
}

/**
 * Which condition of the refund transaction stopped it: `alreadyRecorded` (a concurrent retry with the same key
 * won), `reservationChanged` (no longer CONFIRMED by this user: a parallel refund won; carries the stored
 * reservation). `refunded` carries the balance right after the credit.
 */
export type RefundWriteOutcome =
  | { readonly kind: 'refunded'; readonly balanceAfter: number }
  | { readonly kind: 'alreadyRecorded' }
  | { readonly kind: 'reservationChanged'; readonly reservation: Reservation | undefined };

export interface RefundRepository {
  /**
   * One transaction: reservation REFUNDED, every seat back to AVAILABLE, the user's seat count freed, balance
   * credited, REFUND ledger entry and idempotency record written.
   */
  refund(write: RefundWrite): Promise<RefundWriteOutcome>;
}
