import type { IdempotentRequest } from '../../domain/idempotency';
import { idempotentOperations, replayRecorded } from '../../domain/idempotency';
import { BalanceLimitExceededError, UserNotFoundError } from '../../domain/errors';
import { LedgerEntryKind, moneyLimits, parseChargeAmount } from '../../domain/money';
import { answerFromRecordOnRefusal, recordedResponse, recordOf } from '../idempotency/keyed-requests';
import type { IdempotencyRecordReader } from '../idempotency/ports';
import type { Clock, IdGenerator } from '../ports';
import type { BalanceRepository } from './ports';

export interface ChargeCommand {
  readonly userId: string;
  /** As the client sent it: anything but an integer from 1 to 1,000,000 is INVALID_AMOUNT. */
  readonly amount: unknown;
  readonly idempotency?: IdempotentRequest;
}

export interface ChargeReceipt {
  readonly userId: string;
  readonly balance: number;
  readonly charged: number;
}

/**
 * Adds to the balance and writes its ledger entry (and the Idempotency-Key's record) in one transaction. The write
 * is conditioned only on the cap, so concurrent charges of one user are applied one after another by DynamoDB
 * (no guess of the balance to lose); the answered balance is the one right after this charge.
 */
export const chargeBalance = (deps: {
  balances: BalanceRepository;
  idempotencyRecords: IdempotencyRecordReader;
  clock: Clock;
  ids: IdGenerator;
}) => {
  const operation = idempotentOperations.charge;
  return async (command: ChargeCommand): Promise<ChargeReceipt> => {
    const { userId, idempotency } = command;
    return answerFromRecordOnRefusal(deps, { userId, operation, request: idempotency }, async () => {
      const amount = parseChargeAmount(command.amount);
      const nowMs = deps.clock.now();
      const outcome = await deps.balances.applyCharge({
        userId,
        entry: { entryId: deps.ids.newId(), userId, kind: LedgerEntryKind.charge, amount, at: new Date(nowMs).toISOString() },
        // The record answers with the balance after the charge, filled in when it is read.
        ...recordOf(operation, idempotency, { userId, balance: null, charged: amount }),
        nowMs,
      });
      switch (outcome.kind) {
        case 'applied':
          return { userId, balance: outcome.balanceAfter, charged: amount };
        case 'alreadyRecorded': {
          // No read before the write: a retry is told apart here, by the record its refused write met.
          const record = outcome.record ? replayRecorded(outcome.record, idempotency!) : await recordedResponse(deps, { userId, operation, request: idempotency! });
          return record.response as ChargeReceipt;
        }
        case 'outOfBounds':
          // A credit is bounded by the cap only.
          throw new BalanceLimitExceededError(userId, moneyLimits.maxBalance);
        case 'userNotFound':
          throw new UserNotFoundError(userId);
      }
    });
  };
};
