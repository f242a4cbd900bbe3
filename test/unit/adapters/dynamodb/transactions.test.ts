import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import { TransactionConditionFailed, transactWrite } from '../../../../lambdas/adapters/dynamodb/transactions';
import * as retryBudgets from '../../../../lambdas/use-cases/retry-budgets';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => (Code === 'ConditionalCheckFailed' ? { Code, Item: { status: { S: 'SOLD' } } } : { Code })),
  });

describe('transactWrite', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(documentClient);
  const items = [{ Update: { TableName: 't', Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET x = :x', ConditionExpression: 'y = :y', ExpressionAttributeValues: { ':x': 1, ':y': 2 } } }];

  afterEach(() => mock.reset());

  it('asks DynamoDB to return the stored item of a failed condition', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await transactWrite(documentClient, items);
    const sent = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(sent?.TransactItems?.[0]?.Update?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('reports which item failed its condition, with the stored item unmarshalled', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const error = await transactWrite(documentClient, items).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionConditionFailed);
    expect((error as TransactionConditionFailed).failedAt(1)).toBe(true);
    expect((error as TransactionConditionFailed).failedAt(0)).toBe(false);
    expect((error as TransactionConditionFailed).reasons[1]?.item).toEqual({ status: 'SOLD' });
    expect((error as TransactionConditionFailed).cause).toBeInstanceOf(TransactionCanceledException);
  });

  it('retries a transaction conflict and then succeeds', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict')).resolves({});
    await transactWrite(documentClient, items);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('retries within the budget it is given', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const budget = { name: 'test', maxAttempts: 2, basePauseMs: 1, maxPauseMs: 1, attemptMs: 1 };
    await expect(transactWrite(documentClient, items, { budget })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('gives up on persistent conflicts with a 503 after the transaction budget', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(transactWrite(documentClient, items)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(retryBudgets.transaction.maxAttempts);
  });
});
