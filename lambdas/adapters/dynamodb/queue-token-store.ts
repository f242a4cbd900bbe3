import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeadQueueTokenStatus, QueueToken } from '../../domain/queue';
import { tokenDeathItems } from './queue-token-items';
import { findQueueToken } from './queue-token-reader';
import { keys } from './table';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * True when the write was refused because the token moved on: its condition failed, or (for a single-item write)
 * a transaction on the same token was in flight, such as an admission or a leave. Callers read again.
 */
export const conditionFailed = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return false;
  } catch (error) {
    if (
      error instanceof ConditionalCheckFailedException ||
      error instanceof TransactionConflictException ||
      error instanceof TransactionConditionFailed
    ) {
      return true;
    }
    throw error;
  }
};

/**
 * What the token repository (polls, late places, admissions) and the issuer share: reading a token, ending one and
 * counting a place on its shard. Two classes on one base, so that each function bundles only the writes it makes.
 */
export abstract class DynamoQueueTokenStore {
  public constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly queueShards: number,
  ) {}

  public findToken(tokenId: string): Promise<QueueToken | undefined> {
    return findQueueToken(this.db, this.tableName, tokenId);
  }

  public async endToken(token: QueueToken, status: DeadQueueTokenStatus, nowMs: number): Promise<boolean> {
    return !(await conditionFailed(() => transactWrite(this.db, tokenDeathItems(this.tableName, token, status, nowMs))));
  }

  /** `issued + 1` on the token's shard: counts only tokens written with a place (an unused place counts nowhere). */
  protected countIssued(token: QueueToken): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.roomShard(token.concertId, token.shard ?? 0),
        UpdateExpression: 'ADD issued :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }
}
