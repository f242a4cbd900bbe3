import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RetryBudget } from '../../use-cases/retry-policy';
import { retry, tryAgain } from '../../use-cases/retry-policy';
import * as retryBudgets from '../../use-cases/retry-budgets';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why one item of a cancelled transaction failed; `item` is the stored item when a condition failed. */
export interface CancellationReason {
  readonly code: string;
  readonly item?: Record<string, unknown>;
}

/** A transaction cancelled by its own conditions. Adapters read `reasons` (same order as the items) to pick a domain error. */
export class TransactionConditionFailed extends Error {
  public constructor(
    public readonly reasons: readonly CancellationReason[],
    options?: ErrorOptions,
  ) {
    super(`transaction cancelled: ${reasons.map((reason) => reason.code).join(',')}`, options);
    this.name = 'TransactionConditionFailed';
  }

  /** True when the item at `index` failed its condition. */
  public failedAt(index: number): boolean {
    return this.reasons[index]?.code === 'ConditionalCheckFailed';
  }
}

const retryableReasons = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export interface TransactOptions {
  /** How conflicts and throttling are retried; the `transaction` budget unless the items' kind has its own. */
  readonly budget?: RetryBudget;
}

/**
 * Runs a TransactWriteItems with every condition-failure item returned (ALL_OLD), retrying only transaction
 * conflicts and throttling, within a retry budget and the invocation's deadline.
 */
export const transactWrite = async (
  db: DynamoDBDocumentClient,
  items: readonly TransactItem[],
  options: TransactOptions = {},
): Promise<void> => {
  const transactItems = items.map(withOldValuesOnFailure);
  await retry(options.budget ?? retryBudgets.transaction, async () => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: transactItems }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons: CancellationReason[] = (error.CancellationReasons ?? []).map((reason) => ({
        code: reason.Code ?? 'None',
        // The document client leaves cancellation items marshalled.
        ...(reason.Item ? { item: unmarshall(reason.Item) } : {}),
      }));
      if (reasons.some((reason) => reason.code === 'ConditionalCheckFailed')) throw new TransactionConditionFailed(reasons, { cause: error });
      if (!reasons.some((reason) => retryableReasons.has(reason.code))) throw error;
      return tryAgain;
    }
  });
};

const withOldValuesOnFailure = (item: TransactItem): TransactItem => {
  const [kind, operation] = Object.entries(item)[0] as [keyof TransactItem, Record<string, unknown>];
  if (operation.ConditionExpression === undefined) return item;
  return { [kind]: { ...operation, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItem;
};
