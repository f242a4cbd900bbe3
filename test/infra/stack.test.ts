import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { placedHoldDelivery } from '../../lambdas/adapters/dynamodb/placed-holds-stream';
import { queueTokenDelivery } from '../../lambdas/adapters/dynamodb/queue-token-stream';
import { createTableInput, tableDefinition } from '../../lambdas/adapters/dynamodb/table';
import { loadSettings } from '../../lambdas/config';
import { allFunctions, backgroundFunctions, httpRoutes, unmatchedRoute } from '../../lambdas/routes';
import { allHandlers, functionLogicalId, propertiesOf, resourcesOfType, serviceFunctions, synthesizeService } from './support';

const contractDefaults = loadSettings({});

describe('ConcertReservationStack (dev)', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthesizeService());
  });

  describe('table', () => {
    it('is built from tableDefinition: keys, TTL, on-demand, point-in-time recovery', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'concert-reservations-dev',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    it('has exactly the GSIs of tableDefinition with their keys and projections', () => {
      const [[, table]] = resourcesOfType(template, 'AWS::DynamoDB::Table') as [[string, Record<string, unknown>]];
      const indexes = propertiesOf(table).GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
      const expected = Object.entries(tableDefinition.indexes).map(([indexName, index]) => ({
        IndexName: indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      }));
      expect(indexes).toEqual(expect.arrayContaining(expected));
      expect(indexes).toHaveLength(expected.length);
      const attributes = propertiesOf(table).AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
      for (const index of Object.values(tableDefinition.indexes)) {
        expect(attributes).toContainEqual({ AttributeName: index.partitionKey, AttributeType: 'S' });
        expect(attributes).toContainEqual({ AttributeName: index.sortKey, AttributeType: index.sortKeyType });
      }
    });

    it('is disposable in dev: DESTROY and no deletion protection', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Delete',
        Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      });
    });
  });

  describe('functions', () => {
    it('creates one function per route and background function, named after its handler', () => {
      expect(serviceFunctions(template)).toHaveLength(allHandlers.length);
      for (const handler of allHandlers) expect(() => functionLogicalId(template, 'dev', handler)).not.toThrow();
    });

    it('runs every function on arm64 nodejs22.x with source maps and the contract settings', () => {
      for (const [, fn] of serviceFunctions(template)) {
        expect(propertiesOf(fn)).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Environment: {
            Variables: {
              TABLE_NAME: { Ref: expect.any(String) },
              NODE_OPTIONS: '--enable-source-maps',
              HOLD_TTL_SECONDS: String(contractDefaults.holdTtlSeconds),
              ACTIVE_TOKEN_TTL_SECONDS: String(contractDefaults.activeTokenTtlSeconds),
              WAITING_TOKEN_IDLE_SECONDS: String(contractDefaults.waitingTokenIdleSeconds),
              MAX_ACTIVE_TOKENS: String(contractDefaults.maxActiveTokens),
              ADMISSION_INTERVAL_SECONDS: '60',
              MAX_SEATS_PER_USER: String(contractDefaults.maxSeatsPerUser),
              QUEUE_SHARDS: String(contractDefaults.queueShards),
            },
          },
        });
      }
    });

    it('gives API handlers 512 MB / 10 s and the sweeper 1024 MB / 50 s', () => {
      for (const route of httpRoutes) {
        const fn = template.toJSON().Resources[functionLogicalId(template, 'dev', route.handler)];
        expect(fn.Properties).toMatchObject({ MemorySize: 512, Timeout: 10 });
      }
      const sweeper = template.toJSON().Resources[functionLogicalId(template, 'dev', backgroundFunctions.sweeper.handler)];
      expect(sweeper.Properties).toMatchObject({ MemorySize: 1024, Timeout: 50 });
    });

    it('sets JWT_SECRET_ARN, HOLD_RELEASE_QUEUE_URL and TOKEN_EXPIRY_QUEUE_URL only where the route table asks for them', () => {
      for (const { handler, grants } of allFunctions) {
        const fn = template.toJSON().Resources[functionLogicalId(template, 'dev', handler)];
        const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
        expect('JWT_SECRET_ARN' in variables).toBe(grants.readsJwtSecret === true);
        expect('HOLD_RELEASE_QUEUE_URL' in variables).toBe(grants.sendsHoldReleases === true);
        expect('TOKEN_EXPIRY_QUEUE_URL' in variables).toBe(grants.sendsTokenExpiries === true);
      }
    });

    it('gives every function its own log group with a retention, and uses it', () => {
      const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
      for (const handler of allHandlers) {
        const functionId = functionLogicalId(template, 'dev', handler);
        const fn = template.toJSON().Resources[functionId];
        const groupRef = fn.Properties.LoggingConfig.LogGroup as { Ref: string };
        const group = logGroups.find(([id]) => id === groupRef.Ref);
        expect(group).toBeDefined();
        expect(propertiesOf(group![1])).toMatchObject({ LogGroupName: `/aws/lambda/concert-dev-${handler}`, RetentionInDays: 30 });
      }
    });
  });

  describe('HTTP API', () => {
    it('has exactly the routes of httpRoutes and $default, each integrated with its own function', () => {
      const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => propertiesOf(route).RouteKey);
      expect(routes.sort()).toEqual([...httpRoutes.map((route) => `${route.method} ${route.path}`), '$default'].sort());
      expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')).toHaveLength(httpRoutes.length + 1);
      for (const route of [...httpRoutes, unmatchedRoute]) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': [functionLogicalId(template, 'dev', route.handler), 'Arn'] },
        });
      }
    });

    it('allows a browser client in dev from any origin: GET/POST/DELETE with content-type, authorization, idempotency-key and x-challenge', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: {
          AllowOrigins: ['*'],
          AllowMethods: Match.arrayWith(['GET', 'POST', 'DELETE']),
          AllowHeaders: ['content-type', 'authorization', 'idempotency-key', 'x-challenge'],
          ExposeHeaders: ['retry-after', 'www-authenticate'],
        },
      });
    });

    it('throttles the stage (default 1000 req/s, bursts of 2000) and writes access logs', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
      });
    });
  });

  describe('per-route throttles and CORS origins', () => {
    const routeSettingsOf = (synthesized: Template) =>
      (propertiesOf(resourcesOfType(synthesized, 'AWS::ApiGatewayV2::Stage')[0]?.[1] ?? {}).RouteSettings ?? {}) as Record<string, unknown>;
    const corsOf = (synthesized: Template) => propertiesOf(resourcesOfType(synthesized, 'AWS::ApiGatewayV2::Api')[0]?.[1] ?? {}).CorsConfiguration;

    it('throttles POST /users, POST /queue/tokens and GET /challenge below the stage, and only those', () => {
      expect(routeSettingsOf(template)).toEqual({
        'POST /users': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        'POST /queue/tokens': { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
        'GET /challenge': { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      });
    });

    it('creates the throttled routes before the stage that names them', () => {
      const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0] as [string, Record<string, unknown>];
      const routeIds = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
        .filter(([, route]) => ['POST /users', 'POST /queue/tokens', 'GET /challenge'].includes(propertiesOf(route).RouteKey as string))
        .map(([id]) => id);
      expect(routeIds).toHaveLength(3);
      expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
    });

    it('takes the route throttles from context', () => {
      const { template: tuned } = synthesizeService({
        createUserThrottleRateLimit: '5',
        createUserThrottleBurstLimit: '10',
        issueQueueTokenThrottleRateLimit: '200',
        issueQueueTokenThrottleBurstLimit: '400',
        getChallengeThrottleRateLimit: '300',
        getChallengeThrottleBurstLimit: '300',
      });
      expect(routeSettingsOf(tuned)).toEqual({
        'POST /users': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'POST /queue/tokens': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
        'GET /challenge': { ThrottlingRateLimit: 300, ThrottlingBurstLimit: 300 },
      });
      expect(() => synthesizeService({ createUserThrottleRateLimit: '50', createUserThrottleBurstLimit: '10' })).toThrow(/BurstLimit/);
    });

    it('names the CORS origins outside dev: none by default, those of the context, never *', () => {
      expect(corsOf(synthesizeService({ stage: 'prod' }).template)).toBeUndefined();
      expect(corsOf(synthesizeService({ stage: 'prod', corsAllowOrigins: 'https://tickets.example.com, https://m.example.com' }).template)).toMatchObject({
        AllowOrigins: ['https://tickets.example.com', 'https://m.example.com'],
      });
      expect(() => synthesizeService({ stage: 'prod', corsAllowOrigins: '*' })).toThrow(/may not be "\*" outside dev/);
      expect(() => synthesizeService({ stage: 'staging', corsAllowOrigins: 'https://a.example.com,*' })).toThrow(/outside dev/);
      expect(corsOf(synthesizeService({ corsAllowOrigins: 'http://localhost:5173' }).template)).toMatchObject({ AllowOrigins: ['http://localhost:5173'] });
    });
  });

  describe('sweeper', () => {
    it('runs every minute with reserved concurrency 1 and no retries of a missed run', () => {
      const sweeperId = functionLogicalId(template, 'dev', backgroundFunctions.sweeper.handler);
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
      });
      expect(template.toJSON().Resources[sweeperId].Properties.ReservedConcurrentExecutions).toBe(1);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: sweeperId },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
      });
    });
  });

  describe('hold-release queues', () => {
    it('are encrypted and SSL-only; the release queue dead-letters after 3 receives', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'concert-dev-hold-release',
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 180,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'concert-dev-hold-release-dlq', SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'concert-dev-hold-release-scheduling-dlq', SqsManagedSseEnabled: true });
      const sslPolicies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
        JSON.stringify(propertiesOf(policy).PolicyDocument).includes('"aws:SecureTransport":"false"'),
      );
      expect(sslPolicies).toHaveLength(resourcesOfType(template, 'AWS::SQS::Queue').length);
    });

    it('feeds the consumer in batches of 10 with partial batch failure reporting', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionLogicalId(template, 'dev', backgroundFunctions.holdReleaseConsumer.handler) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });
  });

  it('keeps the JWT key in a generated Secrets Manager secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'concert-reservation/dev/jwt-signing-key',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  describe('hold-release outbox', () => {
    it('streams new images of the table, as the local table does', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: createTableInput('t').StreamSpecification?.StreamViewType } });
    });

    it('invokes the release scheduler for placed holds only, with bounded retries and a dead-letter queue of its own', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp('^Fnscheduleholdrelease') },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
        FilterCriteria: { Filters: placedHoldDelivery.filterPatterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        StartingPosition: 'LATEST',
        BatchSize: placedHoldDelivery.batchSize,
        MaximumRetryAttempts: placedHoldDelivery.retryAttempts,
        MaximumRecordAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HoldReleaseSchedulingDeadLetterQueue'), 'Arn'] } } },
      });
    });
  });

  describe('event-driven admission', () => {
    it('invokes queue-token-events for token changes and sale changes only, in parallel batches, with bounded retries and its own dead-letter queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp('^Fnqueuetokenevents') },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
        FilterCriteria: { Filters: queueTokenDelivery.filterPatterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        ParallelizationFactor: 10,
        StartingPosition: 'LATEST',
        BatchSize: queueTokenDelivery.batchSize,
        MaximumRetryAttempts: queueTokenDelivery.retryAttempts,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueTokenEventsDeadLetterQueue'), 'Arn'] } } },
      });
    });

    it('hands it every modified concert, so the server itself admits after a resume or a larger room and draws an opening moved to now', () => {
      const [mapping] = Object.values(
        template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: Match.stringLikeRegexp('^Fnqueuetokenevents') } } }),
      ) as { Properties: { FilterCriteria: { Filters: { Pattern: string }[] } } }[];
      const patterns = mapping!.Properties.FilterCriteria.Filters.map((filter) => JSON.parse(filter.Pattern));
      expect(patterns).toContainEqual({ eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['Concert'] } } } });
    });

    it('delivers ACTIVE expiries from an encrypted, SSL-only queue that dead-letters after 3 receives, in batches of 10', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'concert-dev-token-expiry',
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TokenExpiryDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 3 },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp('^Fnexpireactivetoken') },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TokenExpiryQueue'), 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });
  });

  it('has no alarms and no alarm topic by default, so an idle dev stage pays nothing for them', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(Object.keys(template.findOutputs('AlarmTopicArn'))).toEqual([]);
  });

  describe('alarms (-c alarms=true)', () => {
    let template: Template;
    beforeAll(() => {
      ({ template } = synthesizeService({ alarms: 'true' }));
    });

    it('alarms when token changes wait on the stream or end in a dead-letter queue', () => {
      const names = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => String(propertiesOf(alarm).AlarmName));
      expect(names).toEqual(
        expect.arrayContaining(['concert-dev-AdmissionEventsLate', 'concert-dev-AdmissionEventsDlqNotEmpty', 'concert-dev-TokenExpiryDlqNotEmpty']),
      );
    });

    const alarmNames = (): string[] => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => String(propertiesOf(alarm).AlarmName));

    it('alarms on API 5xx, dead letters, a late release scheduler and a failing or silent sweeper', () => {
      expect(alarmNames()).toEqual(
        expect.arrayContaining([
          'concert-dev-Api5xx',
          'concert-dev-HoldReleaseDlqNotEmpty',
          'concert-dev-HoldReleaseSchedulingDlqNotEmpty',
          'concert-dev-HoldReleaseSchedulingLate',
          'concert-dev-SweeperFailing',
          'concert-dev-SweeperNotRunning',
        ]),
      );
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'concert-dev-HoldReleaseSchedulingLate', MetricName: 'IteratorAge', Statistic: 'Maximum' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'concert-dev-HoldReleaseDlqNotEmpty',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'concert-dev-Api5xx', MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    });

    it('alarms on errors and throttles of every function, notifying the alarm topic', () => {
      for (const handler of allHandlers) {
        expect(alarmNames()).toEqual(expect.arrayContaining([`concert-dev-${handler}-errors`, `concert-dev-${handler}-throttles`]));
      }
      for (const [, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
        expect(propertiesOf(alarm).AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
      }
      template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('^AlarmTopic') } });
    });

    it('has exactly the alarms the idle cost in docs/deploy.md counts: two per function and nine for the service', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 2 * allHandlers.length + 9);
    });
  });

  it('outputs the API URL and the table name', () => {
    template.hasOutput('ApiUrl', Match.anyValue());
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^Table') } });
  });
});

describe('ConcertReservationStack (prod context)', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthesizeService({ stage: 'prod', maxActiveTokens: '250', apiThrottleRateLimit: '50', apiThrottleBurstLimit: '100' }));
  });

  it('retains the table with deletion protection outside dev', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'concert-reservations-prod', DeletionProtectionEnabled: true }),
    });
  });

  it('retains the secret and the log groups outside dev', () => {
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    for (const [, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) expect(group.DeletionPolicy).toBe('Retain');
  });

  it('has the alarms by default', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2 * allHandlers.length + 9);
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('takes settings and throttling from context', () => {
    for (const [, fn] of serviceFunctions(template)) {
      expect((propertiesOf(fn).Environment as { Variables: Record<string, string> }).Variables.MAX_ACTIVE_TOKENS).toBe('250');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('deployment context', () => {
  it('rejects a stage name that cannot be part of resource names', () => {
    expect(() => synthesizeService({ stage: 'Prod_1' })).toThrow(/stage/);
  });

  it('rejects an admission interval the one-minute schedule cannot honour', () => {
    expect(() => synthesizeService({ admissionIntervalSeconds: '30' })).toThrow(/whole minutes/);
  });

  it('gives the sale opener its schedule period plus the draw budget, within Lambda\'s 900 s', () => {
    const openerTimeout = (context: Record<string, string>) => {
      const { template: synthesized } = synthesizeService(context);
      return synthesized.toJSON().Resources[functionLogicalId(synthesized, 'dev', backgroundFunctions.saleOpener.handler)].Properties.Timeout;
    };
    expect(openerTimeout({})).toBe(300);
    expect(openerTimeout({ saleOpenerIntervalSeconds: '600' })).toBe(840);
    expect(() => synthesizeService({ saleOpenerIntervalSeconds: '720' })).toThrow(/at most 660/);
  });

  it('turns prod alarms off with -c alarms=false', () => {
    synthesizeService({ stage: 'prod', alarms: 'false' }).template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('rejects an alarm e-mail on a stage without alarms, and an alarms value that is not true or false', () => {
    expect(() => synthesizeService({ alarmEmail: 'ops@example.com' })).toThrow('context "alarmEmail" needs alarms, which are off for stage "dev": add -c alarms=true');
    expect(() => synthesizeService({ alarms: 'yes' })).toThrow('context "alarms" must be true or false, got "yes"');
  });
});
