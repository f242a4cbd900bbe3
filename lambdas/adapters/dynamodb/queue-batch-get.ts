import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import type { ItemKey } from './table';

const maxKeysPerBatch = 100;
const maxRounds = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * BatchGetItem over any number of keys, re-requesting unprocessed keys with backoff a bounded number of times.
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
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= maxRounds) throw new ServiceUnavailableError('batch read kept being throttled');
      if (round > 0) await sleep(Math.random() * 20 * 2 ** round);
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent } } }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
};

/** Finds the item with this key among batch results. */
export const itemWithKey = (items: readonly Record<string, unknown>[], key: ItemKey): Record<string, unknown> | undefined =>
  items.find((item) => item.pk === key.pk && item.sk === key.sk);
