import type { Template } from 'aws-cdk-lib/assertions';
import { allFunctions, backgroundFunctions } from '../../lambdas/routes';
import { actionsOf, functionLogicalId, roleStatements, synthesizeService } from './support';
import type { Statement } from './support';

const definitions = allFunctions;
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems'];
/** Handlers that only read: a write permission on them would be a bug in the route table. */
const readOnlyHandlers = ['health', 'list-concerts', 'list-concert-dates', 'list-seats', 'get-queue-status', 'get-reservation'];
/** What SqsDlq grants the stream consumer so Lambda can dead-letter the records it gives up on. */
const deadLetterSendActions = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
/** What SqsEventSource grants the consumer so Lambda can poll the queue on its behalf. */
const queueConsumeActions = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

/** What Lambda needs to read the table stream for an event source mapping. */
const streamReadActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
const isStreamStatement = (statement: Statement): boolean => statement.Sid === 'ReadTableStream';

const resourcesOf = (statement: Statement): unknown[] => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);
/** Logical id of the one queue a statement is on, if it names exactly one. */
const queueOf = (statement: Statement): string | undefined => {
  const resources = resourcesOf(statement) as { 'Fn::GetAtt'?: [string, string] }[];
  return resources.length === 1 ? resources[0]?.['Fn::GetAtt']?.[0] : undefined;
};
const actionsOnQueue = (statements: Statement[], queue: RegExp): string[] =>
  actionsOf(statements.filter((statement) => queue.test(queueOf(statement) ?? '')));
const withPrefix = (statements: Statement[], prefix: string) => statements.filter((statement) => actionsOf([statement]).some((action) => action.startsWith(prefix)));

describe('least privilege per function', () => {
  let template: Template;
  const statementsOf = (handler: string) => roleStatements(template, functionLogicalId(template, 'dev', handler));
  beforeAll(() => {
    ({ template } = synthesizeService());
  });

  it.each(definitions.map((definition) => [definition.handler, definition] as const))(
    '%s may use exactly the DynamoDB actions its route table entry lists',
    (handler, definition) => {
      const tableStatements = statementsOf(handler).filter((statement) => !isStreamStatement(statement));
      const dynamoActions = actionsOf(tableStatements).filter((action) => action.startsWith('dynamodb:'));
      expect(dynamoActions).toEqual([...new Set(definition.grants.table)].sort());
      expect(dynamoActions).not.toContain('dynamodb:*');
      expect(dynamoActions).not.toContain('dynamodb:Scan');
    },
  );

  it.each(definitions.map((definition) => [definition.handler, definition] as const))(
    '%s reaches only the table and the indexes it lists, and queries indexes only',
    (handler, definition) => {
      const dynamoStatements = withPrefix(statementsOf(handler), 'dynamodb:');
      const tableArn = { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'Arn'] };
      const indexArn = (index: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] });
      const tableStatements = dynamoStatements.filter((statement) => statement.Sid === 'TableAccess');
      expect(tableStatements).toHaveLength(definition.grants.table.length > 0 ? 1 : 0);
      for (const statement of tableStatements) expect(resourcesOf(statement)).toEqual([tableArn]);
      const indexStatements = dynamoStatements.filter((statement) => statement.Sid === 'IndexQuery');
      const indexes = definition.grants.indexes ?? [];
      if (indexes.length === 0) {
        expect(indexStatements).toHaveLength(0);
      } else {
        expect(indexStatements).toHaveLength(1);
        expect(indexStatements[0]!.Action).toBe('dynamodb:Query');
        expect(resourcesOf(indexStatements[0]!)).toEqual(indexes.map(indexArn));
      }
      const streamStatements = dynamoStatements.filter(isStreamStatement);
      expect(dynamoStatements).toHaveLength(tableStatements.length + indexStatements.length + streamStatements.length);
    },
  );

  it.each(definitions.map((definition) => [definition.handler, definition] as const))(
    '%s reads the table stream only where declared, and only that stream',
    (handler, definition) => {
      const streamStatements = statementsOf(handler).filter(isStreamStatement);
      if (!definition.grants.readsTableStream) {
        expect(streamStatements).toHaveLength(0);
        return;
      }
      expect(streamStatements).toHaveLength(1);
      expect(actionsOf(streamStatements)).toEqual(streamReadActions);
      expect(resourcesOf(streamStatements[0]!)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] }]);
    },
  );

  it.each(readOnlyHandlers)('%s has no DynamoDB write action', (handler) => {
    const actions = actionsOf(statementsOf(handler));
    for (const action of writeActions) expect(actions).not.toContain(action);
  });

  it.each(definitions.map((definition) => [definition.handler, definition] as const))(
    '%s sends to SQS and reads the JWT secret only where declared',
    (handler, definition) => {
      const statements = statementsOf(handler);
      const sqsStatements = withPrefix(statements, 'sqs:');
      const mainQueueActions = actionsOnQueue(sqsStatements, /^HoldReleaseQueue/);
      const deadLetterActions = actionsOnQueue(sqsStatements, /^HoldReleaseSchedulingDeadLetterQueue/);
      expect(mainQueueActions).toEqual(
        [
          ...(definition.grants.sendsHoldReleases ? ['sqs:SendMessage'] : []),
          ...(handler === backgroundFunctions.holdReleaseConsumer.handler ? queueConsumeActions : []),
        ].sort(),
      );
      expect(deadLetterActions).toEqual(handler === backgroundFunctions.holdReleaseScheduler.handler ? deadLetterSendActions : []);
      expect(actionsOnQueue(sqsStatements, /^TokenExpiryQueue/)).toEqual(
        [
          ...(definition.grants.sendsTokenExpiries ? ['sqs:SendMessage'] : []),
          ...(handler === backgroundFunctions.tokenExpiryConsumer.handler ? queueConsumeActions : []),
        ].sort(),
      );
      expect(actionsOnQueue(sqsStatements, /^QueueTokenEventsDeadLetterQueue/)).toEqual(
        handler === backgroundFunctions.queueTokenEvents.handler ? deadLetterSendActions : [],
      );
      for (const statement of sqsStatements) {
        expect(queueOf(statement)).toMatch(/^(HoldRelease(Scheduling)?(DeadLetter)?Queue|TokenExpiryQueue|QueueTokenEventsDeadLetterQueue)/);
      }

      const secretStatements = withPrefix(statements, 'secretsmanager:');
      if (definition.grants.readsJwtSecret) {
        expect(secretStatements).toHaveLength(1);
        expect(secretStatements[0]!.Action).toBe('secretsmanager:GetSecretValue');
        expect(resourcesOf(secretStatements[0]!)).toEqual([{ Ref: expect.stringMatching(/^JwtSecret/) }]);
      } else {
        expect(secretStatements).toHaveLength(0);
      }
    },
  );

  it.each(definitions.map((definition) => definition.handler))('%s has nothing beyond its grants, its queue polling and its own logs', (handler) => {
    const statements = statementsOf(handler);
    for (const statement of statements) expect(statement.Effect).toBe('Allow');
    const others = statements.filter((statement) => !actionsOf([statement]).every((action) => /^(dynamodb|sqs|secretsmanager):/.test(action)));
    expect(others).toHaveLength(1);
    expect(actionsOf(others)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(resourcesOf(others[0]!)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/LogGroup/), 'Arn'] }]);
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
  });
});
