import { InsufficientBalanceError, InvalidTokenError, ReservationExpiredError, ReservationNotPayableError } from '../../domain/errors';
import type { IdempotentRequest } from '../../domain/idempotency';
import { idempotentOperations } from '../../domain/idempotency';
import { LedgerEntryKind } from '../../domain/money';
import type { Payment } from '../../domain/payment';
import { payableReservation } from '../../domain/payment';
import type { QueuePolicy } from '../../domain/queue';
import { ReservationStatus } from '../../domain/reservation';
import type { Clock, IdGenerator } from '../ports';
import type { QueueTokenReader } from '../queue/ports';
import { resolveLiveToken } from '../queue/resolve-live-token';
import type { ReservationRepository } from '../reservations/ports';
import { answerFromRecordOnRefusal, recordedResponse, recordOf } from '../idempotency/keyed-requests';
import type { IdempotencyRecordReader } from '../idempotency/ports';
import type { PaymentRepository, PaymentWriteOutcome } from './ports';

export interface PayCommand {
  readonly userId: string;
  /** The ACTIVE queue token the payment is made with: it ends with the payment. */
  readonly tokenId: string;
  readonly tokenConcertId: string;
  readonly reservationId: string;
  readonly idempotency?: IdempotentRequest;
}

export interface PaymentReceipt {
  readonly paymentId: string;
  readonly reservationId: string;
  readonly amount: number;
  readonly balance: number;
  readonly status: typeof ReservationStatus.confirmed;
}

/** The contract error for a payment transaction stopped by a condition other than the balance or the key. */
const refusalOf = (
  outcome: Exclude<PaymentWriteOutcome, { kind: 'paid' | 'alreadyRecorded' }>,
  command: PayCommand,
  price: number,
  nowMs: number,
): Error => {
  switch (outcome.kind) {
    case 'reservationChanged': {
      const payer = { userId: command.userId, concertId: command.tokenConcertId };
      const reservation = payableReservation(command.reservationId, outcome.reservation, payer, nowMs);
      // The condition failed, so the stored reservation cannot be payable; say what it is.
      return new ReservationNotPayableError(command.reservationId, reservation.status);
    }
    case 'holdLost':
      return new ReservationExpiredError(command.reservationId);
    case 'tokenNotLive':
      return new InvalidTokenError('tokenExpired');
    case 'insufficientBalance':
      return new InsufficientBalanceError(command.userId, outcome.balance, price);
  }
};

/**
 * Pays a HELD reservation from the balance in one transaction (see PaymentRepository.pay). The token and the
 * reservation are read first and checked in that order; the transaction's conditions then decide again (the debit
 * only needs the balance to cover the price), and each failed condition becomes its contract error. Concurrent
 * changes of the balance are serialized by DynamoDB: nothing is recomputed, and the answered balance is the one
 * right after this debit.
 */
export const payReservation = (deps: {
  tokens: QueueTokenReader;
  policy: QueuePolicy;
  reservations: ReservationRepository;
  payments: PaymentRepository;
  idempotencyRecords: IdempotencyRecordReader;
  clock: Clock;
  ids: IdGenerator;
}) => {
  const operation = idempotentOperations.payment;
  const liveToken = resolveLiveToken(deps);
  return async (command: PayCommand): Promise<PaymentReceipt> => {
    const { userId, idempotency } = command;
    return answerFromRecordOnRefusal(deps, { userId, operation, request: idempotency }, async () => {
      const [token, stored] = await Promise.all([
        liveToken({ userId, tokenId: command.tokenId, concertId: command.tokenConcertId }, { active: true }),
        deps.reservations.findReservation(command.reservationId),
      ]);
      const payer = { userId, concertId: token.concertId };
      const reservation = payableReservation(command.reservationId, stored, payer, deps.clock.now());
      const paymentId = deps.ids.newId();
      const nowMs = deps.clock.now();
      const at = new Date(nowMs).toISOString();
      const payment: Payment = { paymentId, userId, reservationId: reservation.reservationId, amount: reservation.price, createdAt: at };
      const receiptWithout = (balance: number | null) => ({
        paymentId,
        reservationId: reservation.reservationId,
        amount: payment.amount,
        balance,
        status: ReservationStatus.confirmed,
      });
      const outcome = await deps.payments.pay({
        payment,
        reservation,
        token,
        entry: { entryId: deps.ids.newId(), userId, kind: LedgerEntryKind.payment, amount: -payment.amount, at, paymentId, reservationId: reservation.reservationId },
        // The record answers with the balance after the debit, filled in when it is read.
        ...recordOf(operation, idempotency, receiptWithout(null)),
        nowMs,
      });
      if (outcome.kind === 'paid') return receiptWithout(outcome.balanceAfter) as PaymentReceipt;
      if (outcome.kind === 'alreadyRecorded' && idempotency) {
        return (await recordedResponse(deps, { userId, operation, request: idempotency })).response as PaymentReceipt;
      }
      throw refusalOf(outcome as Exclude<PaymentWriteOutcome, { kind: 'paid' | 'alreadyRecorded' }>, command, payment.amount, nowMs);
    });
  };
};
