import type { ItemKey } from '../table';
import type { StoredItem } from './item';

/**
 * A confirmed payment, `USER#<id>/PAYMENT#<paymentId>`: written in the payment's transaction and never read back by
 * the service (the reservation and the ledger answer every question), so it has no parser.
 */
export const paymentEntity = 'Payment';

export const paymentKey = (userId: string, paymentId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `PAYMENT#${paymentId}` });

export const paymentPrefix = (userId: string) => ({ pk: `USER#${userId}`, skPrefix: 'PAYMENT#' }) as const;

export interface StoredPayment {
  readonly paymentId: string;
  readonly userId: string;
  readonly reservationId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNos: readonly number[];
  readonly amount: number;
  readonly createdAt: string;
}

export const paymentToItem = (payment: StoredPayment): StoredItem => ({
  ...paymentKey(payment.userId, payment.paymentId),
  entity: paymentEntity,
  ...payment,
  seatNos: [...payment.seatNos],
});
