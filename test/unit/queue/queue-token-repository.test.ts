import { ConditionalCheckFailedException, DynamoDBClient, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import type { QueueToken } from '../../../lambdas/domain/queue';

describe('DynamoQueueTokenRepository.recordPoll', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoQueueTokenRepository(documentClient, 'table', 8);
  const token = { tokenId: 't-1', userId: 'u-1', concertId: 'c-1', status: 'WAITING', issuedAtMs: 1, lastPolledAtMs: 1 } as QueueToken;

  afterEach(() => mock.reset());

  it('records the poll', async () => {
    mock.on(UpdateCommand).resolves({});
    await expect(repository.recordPoll(token, { nowMs: 2, position: 3 })).resolves.toBe(true);
  });

  it.each([
    ['its condition failed', new ConditionalCheckFailedException({ message: 'failed', $metadata: {} })],
    ['an admission or leave transaction on the token was in flight', new TransactionConflictException({ message: 'conflict', $metadata: {} })],
  ])('reports the token as moved on, for the caller to read again, when %s', async (_, error) => {
    mock.on(UpdateCommand).rejects(error);
    await expect(repository.recordPoll(token, { nowMs: 2, position: 3 })).resolves.toBe(false);
  });
});
