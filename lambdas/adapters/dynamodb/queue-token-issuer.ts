import { randomInt } from 'node:crypto';
import type { QueueToken } from '../../domain/queue';
import type { IssueOutcome, QueueTokenIssuer } from '../../use-cases/queue/ports';
import { admissionRecordItem } from './admission-record';
import { lockedTokenIdFromItem } from './entities/live-token-lock';
import { newTokenItem } from './entities/queue-token';
import { lockPut } from './queue-token-items';
import { DynamoQueueTokenStore } from './queue-token-store';
import { keys } from './table';
import { TransactionConditionFailed, transactWrite } from './transactions';

/** Writes new tokens with their lock, their place's shard count and, for an ACTIVE one, its slot. */
export class DynamoQueueTokenIssuer extends DynamoQueueTokenStore implements QueueTokenIssuer {
  public async issueActive(token: QueueToken, slotLimit: number): Promise<IssueOutcome> {
    return this.issue(token, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.room(token.concertId),
          // Served too: the token's place is behind it, so positions (place − servedCount) stay exact.
          UpdateExpression: 'ADD activeCount :one, servedCount :one',
          ConditionExpression: 'attribute_not_exists(activeCount) OR activeCount < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': slotLimit },
        },
      },
      admissionRecordItem(this.tableName, token.concertId, token.issuedAtMs, false, 1),
      this.countIssued(token),
    ]);
  }

  public async issueWaiting(token: QueueToken): Promise<IssueOutcome> {
    return this.issue(token, [this.countIssued(token)]);
  }

  public async issuePreQueue(token: QueueToken): Promise<IssueOutcome> {
    // No place and no counter: the pre-queue is listed from the index at the draw, so an arrival shares no item.
    return this.issue({ ...token, shard: token.shard ?? randomInt(this.queueShards) }, []);
  }


  private async issue(token: QueueToken, counterUpdates: Parameters<typeof transactWrite>[1]): Promise<IssueOutcome> {
    try {
      await transactWrite(this.db, [
        { Put: { TableName: this.tableName, Item: newTokenItem(token), ConditionExpression: 'attribute_not_exists(pk)' } },
        lockPut(this.tableName, token),
        ...counterUpdates,
      ]);
      return { kind: 'issued' };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(1)) {
        const lock = error.reasons[1]?.item;
        return { kind: 'lockHeld', holderTokenId: lock ? lockedTokenIdFromItem(lock) : '' };
      }
      if (error.failedAt(2)) return { kind: 'roomFull' };
      // A fresh random token id collided with an existing one: never overwrite a token.
      throw new Error('queue token id collision', { cause: error });
    }
  }
}
