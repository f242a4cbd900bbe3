import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { retry, tryAgain } from '../../use-cases/retry-policy';
import * as retryBudgets from '../../use-cases/retry-budgets';
import type { ItemKey } from './table';

const maxKeysPerBatch = 100;

/**
 * BatchGetItem over any number of keys, re-requesting unprocessed keys within the `batchRead` retry budget.
 * Items come back in no particular order; callers match them by key.
 */
export const batchGetItems = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly ItemKey[],
  options: { consistent: boolean },
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += maxKeysPerBatch) {
    let pending: Record<string, unknown>[] = itemKeys.slice(start, start + maxKeysPerBatch).map((key) => ({ pk: key.pk, sk: key.sk }));
    await retry(retryBudgets.batchRead, async () => {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent } } }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
      return pending.length > 0 ? tryAgain : undefined;
    });
  }
  return found;
};

/** Finds the item with this key among batch results. */
export const itemWithKey = (items: readonly Record<string, unknown>[], key: ItemKey): Record<string, unknown> | undefined =>
  items.find((item) => item.pk === key.pk && item.sk === key.sk);
