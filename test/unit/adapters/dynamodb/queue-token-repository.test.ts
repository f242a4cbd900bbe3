import { ConditionalCheckFailedException, DynamoDBClient, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoQueueTokenRepository } from '../../../../lambdas/adapters/dynamodb/queue-token-repository';
import type { QueueToken } from '../../../../lambdas/domain/queue';

// What a poll stores is tested on DynamoDB Local (test/integration/queue/queue-token-repository.test.ts).
describe('DynamoQueueTokenRepository.recordPoll errors', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const repository = new DynamoQueueTokenRepository(documentClient, 'table', 8);
  const token = { tokenId: 't-1', userId: 'u-1', concertId: 'c-1', status: 'WAITING', issuedAtMs: 1, lastPolledAtMs: 1 } as QueueToken;

  afterEach(() => mock.reset());

  it.each([
    ['its condition failed', new ConditionalCheckFailedException({ message: 'failed', $metadata: {} })],
    ['an admission or leave transaction on the token was in flight', new TransactionConflictException({ message: 'conflict', $metadata: {} })],
  ])('reports the token as moved on, for the caller to read again, when %s', async (_, error) => {
    mock.on(UpdateCommand).rejects(error);
    await expect(repository.recordPoll(token, { nowMs: 2, position: 3 })).resolves.toBe(false);
  });
});
