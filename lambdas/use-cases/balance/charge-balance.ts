import type { IdempotentRequest } from '../../domain/idempotency';
import { idempotentOperations } from '../../domain/idempotency';
import { credit, LedgerEntryKind, parseChargeAmount } from '../../domain/money';
import { answerFromRecordOnRefusal, recordedResponse, recordOf } from '../payments/idempotency';
import type { IdempotencyRecordReader } from '../payments/ports';
import type { Clock, IdGenerator } from '../ports';
import { retry, retryBudgets, tryAgain } from '../retry-policy';
import { currentBalance } from './balance-contention';
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
 * Adds to the balance and writes its ledger entry (and the Idempotency-Key's record) in one transaction,
 * computed from the balance just read; a concurrent change of the balance makes it recompute and retry.
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
      const entryId = deps.ids.newId();
      return retry(retryBudgets.balanceWrite, async () => {
        const balance = await currentBalance(deps.balances, userId);
        const nowMs = deps.clock.now();
        const receipt: ChargeReceipt = { userId, balance: credit(userId, balance, amount), charged: amount };
        const outcome = await deps.balances.applyCharge({
          userId,
          expectedBalance: balance,
          entry: {
            entryId,
            userId,
            kind: LedgerEntryKind.charge,
            amount,
            balanceAfter: receipt.balance,
            at: new Date(nowMs).toISOString(),
          },
          ...recordOf(operation, idempotency, receipt),
          nowMs,
        });
        if (outcome.kind === 'applied') return receipt;
        if (outcome.kind === 'alreadyRecorded' && idempotency) {
          return (await recordedResponse(deps, { userId, operation, request: idempotency })).response as ChargeReceipt;
        }
        // Another change of the balance landed first: read again after the pause.
        return tryAgain;
      });
    });
  };
};
