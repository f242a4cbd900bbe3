import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { AccessDeniedException, enforceFunctionGrants, requiredActionsOf, runAsFunction } from '../../../local/function-roles';

describe('requiredActionsOf', () => {
  it('names the action of a single-item call, from the document client or the low-level command', () => {
    expect(requiredActionsOf('GetCommand', {})).toEqual([{ action: 'dynamodb:GetItem' }]);
    expect(requiredActionsOf('BatchGetCommand', {})).toEqual([{ action: 'dynamodb:BatchGetItem' }]);
    expect(requiredActionsOf('UpdateItemCommand', {})).toEqual([{ action: 'dynamodb:UpdateItem' }]);
    expect(requiredActionsOf('ScanCommand', {})).toEqual([{ action: 'dynamodb:Scan' }]);
  });

  it('asks for Query on the index a Query names, and on the table otherwise', () => {
    expect(requiredActionsOf('QueryCommand', { IndexName: 'expiry' })).toEqual([{ action: 'dynamodb:Query', index: 'expiry' }]);
    expect(requiredActionsOf('QueryCommand', {})).toEqual([{ action: 'dynamodb:Query' }]);
  });

  it('authorizes a transaction item by item', () => {
    const input = { TransactItems: [{ Put: {} }, { Update: {} }, { ConditionCheck: {} }, { Delete: {} }] };
    expect(requiredActionsOf('TransactWriteCommand', input).map((required) => required.action)).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
    ]);
  });
});

describe('enforceFunctionGrants', () => {
  // Refused calls never reach the endpoint, so none needs to listen there.
  enforceFunctionGrants();
  const client = createDocumentClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
  const table = 'any';

  it('refuses a call outside the running function’s grants with the error AWS gives', async () => {
    const query = runAsFunction('get-balance', () => client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'x' } })));
    await expect(query).rejects.toThrow(AccessDeniedException);
    await expect(query).rejects.toThrow('get-balance is not authorized to perform dynamodb:Query on the table');
  });

  it('refuses a Query of an index the function does not list, though it may Query the table', async () => {
    const query = runAsFunction('list-ledger', () =>
      client.send(new QueryCommand({ TableName: table, IndexName: 'expiry', KeyConditionExpression: 'expiryPk = :pk', ExpressionAttributeValues: { ':pk': 'x' } })),
    );
    await expect(query).rejects.toThrow('list-ledger is not authorized to perform dynamodb:Query on index expiry');
  });

  it('refuses a transaction with one item the function may not write', async () => {
    const transaction = runAsFunction('cancel-reservation', () =>
      client.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: table, Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': 1 } } }, { Put: { TableName: table, Item: { pk: 'a', sk: 'c' } } }] })),
    );
    await expect(transaction).rejects.toThrow('cancel-reservation is not authorized to perform dynamodb:PutItem on the table');
  });

  it('lets a granted call through to the endpoint', async () => {
    const read = runAsFunction('health', () => client.send(new GetCommand({ TableName: table, Key: { pk: 'HEALTH', sk: 'HEALTH' } })));
    await expect(read).rejects.not.toThrow(AccessDeniedException);
  });

  it('checks nothing outside a function’s invocation (setup, the admin CLI)', async () => {
    await expect(client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'x' } }))).rejects.not.toThrow(
      AccessDeniedException,
    );
  });

  it('knows only the functions of the route table', () => {
    expect(() => runAsFunction('no-such-function', () => undefined)).toThrow('no-such-function is not in lambdas/routes.ts');
  });
});
