import {
  InvalidTokenError,
  ReservationExpiredError,
  ReservationNotPayableError,
} from '../../domain/errors';
import type { IdempotentRequest } from '../../domain/idempotency';
import { idempotentOperations } from '../../domain/idempotency';
import { debit, LedgerEntryKind } from '../../domain/money';
import type { Payment } from '../../domain/payment';
import { payableReservation } from '../../domain/payment';
import type { QueuePolicy } from '../../domain/queue';
import { ReservationStatus } from '../../domain/reservation';
import { currentBalance } from '../balance/balance-contention';
import type { BalanceReader } from '../balance/ports';
import type { Clock, IdGenerator } from '../ports';
import type { QueueTokenReader } from '../queue/ports';
import { retry, retryBudgets, tryAgain } from '../retry-policy';
import { resolveLiveToken } from '../queue/resolve-live-token';
import type { ReservationRepository } from '../reservations/ports';
import { answerFromRecordOnRefusal, recordedResponse, recordOf } from './idempotency';
import type { IdempotencyRecordReader, PaymentRepository, PaymentWriteOutcome } from './ports';

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
  outcome: Exclude<PaymentWriteOutcome, { kind: 'paid' | 'alreadyRecorded' | 'balanceChanged' }>,
  command: PayCommand,
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
  }
};

/**
 * Pays a HELD reservation from the balance in one transaction (see PaymentRepository.pay). The token, the
 * reservation and the balance are read first and checked in that order; the transaction's conditions then decide
 * again, and each failed condition becomes its contract error. A concurrent change of the balance makes it
 * recompute and retry.
 */
export const payReservation = (deps: {
  tokens: QueueTokenReader;
  policy: QueuePolicy;
  reservations: ReservationRepository;
  balances: BalanceReader;
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
      const [token, stored, balanceRead] = await Promise.all([
        liveToken({ userId, tokenId: command.tokenId, concertId: command.tokenConcertId }, { active: true }),
        deps.reservations.findReservation(command.reservationId),
        currentBalance(deps.balances, userId),
      ]);
      const payer = { userId, concertId: token.concertId };
      const reservation = payableReservation(command.reservationId, stored, payer, deps.clock.now());
      const paymentId = deps.ids.newId();
      const entryId = deps.ids.newId();
      return retry(retryBudgets.balanceWrite, async (attempt) => {
        const balance = attempt.number === 1 ? balanceRead : await currentBalance(deps.balances, userId);
        const nowMs = deps.clock.now();
        const at = new Date(nowMs).toISOString();
        const payment: Payment = { paymentId, userId, reservationId: reservation.reservationId, amount: reservation.price, createdAt: at };
        const receipt: PaymentReceipt = {
          paymentId,
          reservationId: reservation.reservationId,
          amount: payment.amount,
          balance: debit(userId, balance, payment.amount),
          status: ReservationStatus.confirmed,
        };
        const outcome = await deps.payments.pay({
          payment,
          reservation,
          token,
          expectedBalance: balance,
          entry: { entryId, userId, kind: LedgerEntryKind.payment, amount: -payment.amount, balanceAfter: receipt.balance, at, paymentId },
          ...recordOf(operation, idempotency, receipt),
          nowMs,
        });
        if (outcome.kind === 'paid') return receipt;
        if (outcome.kind === 'alreadyRecorded' && idempotency) {
          return (await recordedResponse(deps, { userId, operation, request: idempotency })).response as PaymentReceipt;
        }
        if (outcome.kind === 'reservationChanged' || outcome.kind === 'holdLost' || outcome.kind === 'tokenNotLive') {
          throw refusalOf(outcome, command, nowMs);
        }
        return tryAgain;
      });
    });
  };
};
