import { ServiceUnavailableError } from '../../domain/errors';
import type { IdempotentRequest } from '../../domain/idempotency';
import { idempotentOperations } from '../../domain/idempotency';
import { LedgerEntryKind } from '../../domain/money';
import { refundableReservation } from '../../domain/refund';
import { ReservationStatus } from '../../domain/reservation';
import type { Clock, IdGenerator } from '../ports';
import type { ReservationRepository } from '../reservations/ports';
import { answerFromRecordOnRefusal, recordedResponse, recordOf } from '../idempotency/keyed-requests';
import type { IdempotencyRecordReader } from '../idempotency/ports';
import type { RefundRepository } from './ports';

export interface RefundCommand {
  readonly userId: string;
  readonly reservationId: string;
  readonly idempotency?: IdempotentRequest;
}

export interface RefundReceipt {
  readonly reservationId: string;
  readonly status: typeof ReservationStatus.refunded;
  readonly refunded: number;
  readonly balance: number;
}

/**
 * Refunds a CONFIRMED reservation in full, in one transaction (see RefundRepository.refund), until
 * REFUND_CUTOFF_HOURS before its date. The reservation's status is the only gate: of racing refunds exactly one
 * commits, and the others find it REFUNDED (409, or the first answer again with the same Idempotency-Key). The
 * credit goes through the one balance-write path, so concurrent changes of the balance are serialized by DynamoDB
 * and never make the refund retry; refunds are not capped by the balance limit (the money was the user's before
 * the payment). The answered balance is the one right after this credit.
 */
export const refundReservation = (deps: {
  reservations: ReservationRepository;
  refunds: RefundRepository;
  idempotencyRecords: IdempotencyRecordReader;
  clock: Clock;
  ids: IdGenerator;
  settings: { readonly refundCutoffHours: number };
}) => {
  const operation = idempotentOperations.refund;
  const { refundCutoffHours } = deps.settings;
  return async (command: RefundCommand): Promise<RefundReceipt> => {
    const { userId, reservationId, idempotency } = command;
    return answerFromRecordOnRefusal(deps, { userId, operation, request: idempotency }, async () => {
      const stored = await deps.reservations.findReservation(reservationId);
      const nowMs = deps.clock.now();
      const reservation = refundableReservation(reservationId, stored, userId, nowMs, refundCutoffHours);
      const receiptWith = (balance: number | null) => ({ reservationId, status: ReservationStatus.refunded, refunded: reservation.price, balance });
      const outcome = await deps.refunds.refund({
        reservation,
        entry: {
          entryId: deps.ids.newId(),
          userId,
          kind: LedgerEntryKind.refund,
          amount: reservation.price,
          at: new Date(nowMs).toISOString(),
          reservationId,
        },
        // The record answers with the balance after the credit, filled in when it is read.
        ...recordOf(operation, idempotency, receiptWith(null)),
        nowMs,
      });
      if (outcome.kind === 'refunded') return receiptWith(outcome.balanceAfter) as RefundReceipt;
      if (outcome.kind === 'alreadyRecorded' && idempotency) {
        return (await recordedResponse(deps, { userId, operation, request: idempotency })).response as RefundReceipt;
      }
      // The condition failed, so the stored reservation is no longer refundable: this throws its contract error.
      refundableReservation(reservationId, outcome.kind === 'reservationChanged' ? outcome.reservation : undefined, userId, nowMs, refundCutoffHours);
      throw new ServiceUnavailableError('the reservation changed during the refund');
    });
  };
};
