import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueToken } from '../../domain/queue';
import { QueueTokenStatus } from '../../domain/queue';
import type { QueueTokenRepository } from '../../use-cases/queue/ports';
import type { AdmissionRefusal, SweeperTokenRepository } from '../../use-cases/sweeper/ports';
import { admissionRecordItem } from './admission-record';
import { queueTokenKey, waitingLine } from './entities/queue-token';
import { DynamoQueueTokenStore, conditionFailed } from './queue-token-store';
import { keys } from './table';
import type { TransactItem } from './transactions';
import { TransactionConditionFailed, transactWrite } from './transactions';

/**
 * Queue tokens, their live-token locks and the room counters they move: polls, late places, deaths and admissions.
 * Issuing is DynamoQueueTokenIssuer's (queue-token-issuer.ts), a sibling on the same base (queue-token-store.ts), so
 * functions that never issue do not bundle it, and the issue function bundles none of this.
 */
export class DynamoQueueTokenRepository extends DynamoQueueTokenStore implements QueueTokenRepository, SweeperTokenRepository {
  public async recordPreQueuePoll(token: QueueToken, poll: { nowMs: number; expiryKeyMs?: number }): Promise<boolean> {
    // Placed meanwhile (by the draw or behind it): the caller reads again and reports the place.
    return this.recordWaitingPoll(token, poll, { condition: 'attribute_not_exists(ticket)' });
  }

  public async placeLate(token: QueueToken, ticket: number): Promise<boolean> {
    const shard = token.shard ?? 0;
    const failed = await conditionFailed(() =>
      transactWrite(this.db, [
        {
          Update: {
            TableName: this.tableName,
            Key: queueTokenKey(token.tokenId),
            UpdateExpression: 'SET ticket = :ticket, linePk = :linePk, lineSk = :lineSk',
            ConditionExpression: '#status = :waiting AND attribute_not_exists(ticket) AND lastPolledAt = :lastPolled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ...Object.fromEntries(Object.entries(waitingLine.keys(token.concertId, shard, ticket, token.tokenId)).map(([name, value]) => [`:${name}`, value])),
              ':ticket': ticket,
              ':waiting': QueueTokenStatus.waiting,
              ':lastPolled': token.lastPolledAtMs,
            },
          },
        },
        this.countIssued({ ...token, shard }),
      ]),
    );
    return !failed;
  }

  public async recordPoll(token: QueueToken, poll: { nowMs: number; position: number; expiryKeyMs?: number }): Promise<boolean> {
    // Never report a higher position than one already reported.
    return this.recordWaitingPoll(token, poll, {
      set: ', lastPosition = :position',
      condition: '(attribute_not_exists(lastPosition) OR lastPosition >= :position)',
      values: { ':position': poll.position },
    });
  }

  /**
   * A WAITING token's poll: `lastPolledAt` (and the idle deadline's key when it moved), plus what the caller adds,
   * only while the token is still WAITING (never revives a token moved on) and `extra.condition` holds.
   */
  private async recordWaitingPoll(
    token: QueueToken,
    poll: { nowMs: number; expiryKeyMs?: number },
    extra: { set?: string; condition: string; values?: Record<string, unknown> },
  ): Promise<boolean> {
    const moveKey = poll.expiryKeyMs !== undefined;
    const failed = await conditionFailed(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: queueTokenKey(token.tokenId),
          UpdateExpression: `SET lastPolledAt = :now${extra.set ?? ''}${moveKey ? ', expiresAt = :expiryKey' : ''}`,
          ConditionExpression: `#status = :waiting AND ${extra.condition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': poll.nowMs,
            ':waiting': QueueTokenStatus.waiting,
            ...extra.values,
            ...(moveKey ? { ':expiryKey': poll.expiryKeyMs } : {}),
          },
        }),
      ),
    );
    return !failed;
  }

  /** A transaction holds 100 items: the tokens, the room and the admission record. */
  public readonly maxPerWrite = 98;

  public async admitAll(
    concertId: string,
    tokens: readonly QueueToken[],
    admission: { nowMs: number; expiresAtMs: number; maxActiveTokens: number },
  ): Promise<AdmissionRefusal | undefined> {
    const count = tokens.length;
    try {
      await transactWrite(
        this.db,
        [
          ...tokens.map(
            (token): TransactItem => ({
              Update: {
                TableName: this.tableName,
                Key: queueTokenKey(token.tokenId),
                UpdateExpression: 'SET #status = :active, admittedAt = :now, expiresAt = :expiresAt, lastPosition = :zero REMOVE linePk, lineSk',
                ConditionExpression: '#status = :waiting',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':active': QueueTokenStatus.active,
                  ':waiting': QueueTokenStatus.waiting,
                  ':now': admission.nowMs,
                  ':expiresAt': admission.expiresAtMs,
                  ':zero': 0,
                },
              },
            }),
          ),
          {
            Update: {
              TableName: this.tableName,
              Key: keys.room(concertId),
              UpdateExpression: 'ADD activeCount :n, servedCount :n',
              // `activeCount + n <= max`, with the sum worked out here (conditions have no arithmetic).
              ConditionExpression: 'attribute_not_exists(activeCount) OR activeCount <= :limit',
              ExpressionAttributeValues: { ':n': count, ':limit': admission.maxActiveTokens - count },
            },
          },
          admissionRecordItem(this.tableName, concertId, admission.nowMs, true, count),
        ],
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      return {
        roomFull: error.failedAt(count),
        changed: new Set(tokens.filter((_, index) => error.failedAt(index)).map((token) => token.tokenId)),
      };
    }
  }

  public async moveExpiryKey(token: QueueToken, expiryKeyMs: number): Promise<boolean> {
    const failed = await conditionFailed(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: queueTokenKey(token.tokenId),
          UpdateExpression: 'SET expiresAt = :expiryKey',
          ConditionExpression: '#status = :waiting AND attribute_exists(expiryPk) AND expiresAt < :expiryKey',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expiryKey': expiryKeyMs, ':waiting': QueueTokenStatus.waiting },
        }),
      ),
    );
    return !failed;
  }
}
