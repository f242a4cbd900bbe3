import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { placedHoldDelivery } from '../lambdas/adapters/dynamodb/placed-holds-stream';
import { queueTokenDelivery } from '../lambdas/adapters/dynamodb/queue-token-stream';
import { tableDefinition } from '../lambdas/adapters/dynamodb/table';
import { backgroundFunctions, httpRoutes, unmatchedRoute } from '../lambdas/routes';
import type { Grants } from '../lambdas/routes';
import { handlerEntry } from './bundling';
import { isDisposableStage, settingEnvironmentNames, throttledRoutes } from './deployment-config';
import type { DeploymentConfig, Throttle, ThrottledRoute } from './deployment-config';
import { functionSizing, saleOpenerSizing, ServiceFunction } from './service-function';
import type { FunctionSizing } from './service-function';
import { ServiceAlarms } from './service-alarms';
import { WebDistribution } from './web-distribution';

export interface ConcertReservationStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** Where a handler's source lives; defaults to lambdas/handlers/<handler>.ts. */
  readonly entryFor?: (handler: string) => string;
}

const projectionTypes = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
} as const satisfies Record<(typeof tableDefinition.indexes)[keyof typeof tableDefinition.indexes]['projection'], ProjectionType>;

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

const routeMethods = { GET: HttpMethod.GET, POST: HttpMethod.POST, DELETE: HttpMethod.DELETE } as const;

/** The whole service in one stack: table, HTTP API, one function per route, sweeper, hold-release queue, alarms. */
export class ConcertReservationStack extends Stack {
  readonly table: Table;
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly web: WebDistribution;
  /** Every function by handler name (the route table's `handler`). */
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ConcertReservationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { stage } = config;
    const entryFor = props.entryFor ?? handlerEntry;
    const disposable = isDisposableStage(stage);
    const removalPolicy = disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.table = this.createTable(stage, disposable, removalPolicy);

    // HMAC key of queue tokens and challenges: the functions that sign or verify read it through Powertools
    // Parameters and keep it at most signingKeyRules.maxAgeSeconds; they accept its current and previous version.
    const jwtSecret = new Secret(this, 'JwtSecret', {
      secretName: `concert-reservation/${stage}/jwt-signing-key`,
      description: 'HMAC key that signs and verifies waiting-room queue tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(jwtSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotated by hand (docs/deploy.md: put a new secret value), at any time: tokens name their key (kid) and ' +
          'verification accepts the current and the previous version (AWSPREVIOUS), so a rotation ends no token; ' +
          'every function re-reads the key within 5 minutes. Tokens live minutes (their exp ends with the token), so ' +
          'a leaked key is worth little for long; a rotation function for one HMAC key would add code to keep and run.',
      },
    ]);

    const holdReleaseDeadLetterQueue = new Queue(this, 'HoldReleaseDeadLetterQueue', {
      queueName: `concert-${stage}-hold-release-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const holdReleaseSchedulingDeadLetterQueue = new Queue(this, 'HoldReleaseSchedulingDeadLetterQueue', {
      queueName: `concert-${stage}-hold-release-scheduling-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(holdReleaseSchedulingDeadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'It is a dead-letter queue itself: the on-failure destination of the table-stream event source mapping, ' +
          'which cdk-nag does not recognise as a dead-letter use. Nothing consumes it; an alarm watches its depth.',
      },
    ]);
    const holdReleaseQueue = new Queue(this, 'HoldReleaseQueue', {
      queueName: `concert-${stage}-hold-release`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, so retries never overlap.
      visibilityTimeout: Duration.seconds(functionSizing.queueConsumer.timeout.toSeconds() * 6),
      deadLetterQueue: { queue: holdReleaseDeadLetterQueue, maxReceiveCount: 3 },
    });

    // ACTIVE token expiries: one delayed message per admitted token, like hold releases.
    const tokenExpiryDeadLetterQueue = new Queue(this, 'TokenExpiryDeadLetterQueue', {
      queueName: `concert-${stage}-token-expiry-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const tokenExpiryQueue = new Queue(this, 'TokenExpiryQueue', {
      queueName: `concert-${stage}-token-expiry`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(functionSizing.queueConsumer.timeout.toSeconds() * 6),
      deadLetterQueue: { queue: tokenExpiryDeadLetterQueue, maxReceiveCount: 3 },
    });
    const queueEventsDeadLetterQueue = new Queue(this, 'QueueTokenEventsDeadLetterQueue', {
      queueName: `concert-${stage}-queue-token-events-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(queueEventsDeadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'It is a dead-letter queue itself: the on-failure destination of the queue-token stream mapping, which ' +
          'cdk-nag does not recognise as a dead-letter use. Nothing consumes it; an alarm watches its depth.',
      },
    ]);

    const settingsEnvironment = Object.fromEntries(
      Object.entries(settingEnvironmentNames).map(([key, envName]) => [envName, String(config.settings[key as keyof typeof settingEnvironmentNames])]),
    );
    const addFunction = (handler: string, description: string, grants: Grants, sizing: FunctionSizing, reservedConcurrentExecutions?: number) => {
      const serviceFunction = new ServiceFunction(this, `Fn-${handler}`, {
        stage,
        handler,
        entry: entryFor(handler),
        description,
        grants,
        sizing,
        table: this.table,
        holdReleaseQueue,
        tokenExpiryQueue,
        jwtSecret,
        settingsEnvironment,
        logRetention: config.logRetention,
        logRemovalPolicy: removalPolicy,
        reservedConcurrentExecutions,
      });
      this.functions.set(handler, serviceFunction.function);
      return serviceFunction.function;
    };

    ({ api: this.api, stage: this.apiStage } = this.createApi(config, removalPolicy));
    const throttledRouteKeys = new Map<string, Throttle>(
      Object.entries(throttledRoutes).map(([key, route]) => [route.routeKey, config.routeThrottles[key as ThrottledRoute]]),
    );
    const stageResource = this.apiStage.node.defaultChild as CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of httpRoutes) {
      const fn = addFunction(route.handler, `${route.method} ${route.path}`, route.grants, functionSizing.api);
      const httpRoute = this.api.addRoutes({
        path: route.path,
        methods: [routeMethods[route.method]],
        integration: new HttpLambdaIntegration(`Integration-${route.handler}`, fn),
      });
      const routeThrottle = throttledRouteKeys.get(`${route.method} ${route.path}`);
      if (routeThrottle) {
        routeSettings[`${route.method} ${route.path}`] = { ThrottlingRateLimit: routeThrottle.rateLimit, ThrottlingBurstLimit: routeThrottle.burstLimit };
        // Route settings name a route key that must exist before the stage refers to it.
        for (const created of httpRoute) stageResource.node.addDependency(created);
      }
      NagSuppressions.addResourceSuppressions(httpRoute, [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'No gateway authorizer by design. Public routes (health, sign-up, catalog, issuing and watching queue ' +
            'tokens) are public by contract (API.md); every other route is authorized by the queue token, which the ' +
            "function's token middleware verifies: signature, expiry, and the token's queue status and concert, " +
            'which live in the table. A gateway authorizer could only check the signature and would add an ' +
            'invocation per request.',
        },
      ]);
    }
    stageResource.routeSettings = routeSettings;
    // $default: API Gateway's own answer to an unknown route is {"message":"Not Found"}, not the contract's body.
    const unmatched = new HttpRoute(this, 'UnmatchedRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration(
        `Integration-${unmatchedRoute.handler}`,
        addFunction(unmatchedRoute.handler, 'Answers 404 NOT_FOUND for any route not in the API', unmatchedRoute.grants, functionSizing.api),
      ),
    });
    NagSuppressions.addResourceSuppressions(unmatched, [
      { id: 'AwsSolutions-APIG4', reason: 'Answers 404 NOT_FOUND to any request that matches no route; it reads and returns nothing else.' },
    ]);

    const scheduler = addFunction(
      backgroundFunctions.holdReleaseScheduler.handler,
      'Schedules the delayed release of every hold placed, from the table stream',
      backgroundFunctions.holdReleaseScheduler.grants,
      functionSizing.streamConsumer,
    );
    // A plain mapping rather than DynamoEventSource, which would also grant ListStreams on every resource: the role
    // gets exactly its route-table grants (readsTableStream), scoped to this table's stream.
    scheduler.addEventSourceMapping('PlacedHolds', {
      eventSourceArn: this.table.tableStreamArn,
      // Holds placed before the first deployment of this function have no message; the sweeper releases them.
      startingPosition: StartingPosition.LATEST,
      batchSize: placedHoldDelivery.batchSize,
      // Only reservation inserts invoke it (filtered-out records cost nothing).
      filters: placedHoldDelivery.filterPatterns.map((pattern) => FilterCriteria.filter(pattern)),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: placedHoldDelivery.retryAttempts,
      maxRecordAge: Duration.hours(1),
      // Lambda sends what it gives up on as an invocation record (shard and sequence numbers, not the hold), so
      // it gets a queue of its own rather than mixing with release messages; the sweeper still releases those holds.
      onFailure: new SqsDlq(holdReleaseSchedulingDeadLetterQueue),
    });

    const consumer = addFunction(
      backgroundFunctions.holdReleaseConsumer.handler,
      'Releases a seat hold when its delayed SQS message arrives',
      backgroundFunctions.holdReleaseConsumer.grants,
      functionSizing.queueConsumer,
    );
    // Partial batch responses: one failed release is retried alone instead of re-running the whole batch.
    consumer.addEventSource(new SqsEventSource(holdReleaseQueue, { batchSize: 10, reportBatchItemFailures: true }));

    // Event-driven admission: the sweeper below stays as the safety net.
    const queueTokenEvents = addFunction(
      backgroundFunctions.queueTokenEvents.handler,
      'Admits into rooms where a slot was freed, a waiter joined or the sale changed (drawing an opening moved to now), and schedules ACTIVE expiries, from the table stream',
      backgroundFunctions.queueTokenEvents.grants,
      functionSizing.streamConsumer,
    );
    queueTokenEvents.addEventSourceMapping('QueueTokenChanges', {
      eventSourceArn: this.table.tableStreamArn,
      startingPosition: StartingPosition.LATEST,
      batchSize: queueTokenDelivery.batchSize,
      // No batching window: a freed slot is refilled as soon as its record is read.
      filters: queueTokenDelivery.filterPatterns.map((pattern) => FilterCriteria.filter(pattern)),
      // Up to 10 batches of a stream shard at once (records of one token stay in order), so a busy room's run never
      // holds up the records of other concerts behind it for long.
      parallelizationFactor: 10,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: queueTokenDelivery.retryAttempts,
      maxRecordAge: Duration.hours(1),
      onFailure: new SqsDlq(queueEventsDeadLetterQueue),
    });
    const tokenExpiryConsumer = addFunction(
      backgroundFunctions.tokenExpiryConsumer.handler,
      'Ends an ACTIVE queue token at its deadline and admits the next in line',
      backgroundFunctions.tokenExpiryConsumer.grants,
      functionSizing.queueConsumer,
    );
    tokenExpiryConsumer.addEventSource(new SqsEventSource(tokenExpiryQueue, { batchSize: 10, reportBatchItemFailures: true }));

    // Reserved concurrency 1: a slow run makes the next one wait instead of two sweepers admitting at once.
    const sweeper = addFunction(
      backgroundFunctions.sweeper.handler,
      'Admits from waiting rooms and expires tokens and holds past their deadline',
      backgroundFunctions.sweeper.grants,
      functionSizing.sweeper,
      1,
    );
    // A run throttled by its own previous one waits in Lambda's async queue for at most 60 s, then is dropped: the next
    // one is a minute away. A failed run is not retried either (its throttles alarm says a run outlived the minute).
    sweeper.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });
    new Rule(this, 'SweeperSchedule', {
      ruleName: `concert-${stage}-sweeper`,
      description: 'Runs the sweeper once per admission interval',
      schedule: Schedule.rate(Duration.seconds(config.settings.admissionIntervalSeconds)),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 0 })],
    });

    // The opener waits for each opening of the coming period and draws it on the dot; overlapping runs are
    // harmless (the draw is claimed once), and a missed run's openings are drawn by the next one or the sweeper.
    const saleOpener = addFunction(
      backgroundFunctions.saleOpener.handler,
      'Opens sales on time: draws the pre-queue of every opening due within the next schedule period',
      backgroundFunctions.saleOpener.grants,
      saleOpenerSizing(config.settings.saleOpenerIntervalSeconds),
    );
    saleOpener.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });
    new Rule(this, 'SaleOpenerSchedule', {
      ruleName: `concert-${stage}-sale-opener`,
      description: 'Runs the sale opener once per opener interval',
      schedule: Schedule.rate(Duration.seconds(config.settings.saleOpenerIntervalSeconds)),
      targets: [new LambdaFunction(saleOpener, { retryAttempts: 0 })],
    });

    if (config.alarms) {
      const alarmTopic = new Topic(this, 'AlarmTopic', { topicName: `concert-${stage}-alarms`, enforceSSL: true });
      if (config.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
      new ServiceAlarms(this, 'Alarms', {
        stage,
        topic: alarmTopic,
        apiStage: this.apiStage,
        functions: this.functions,
        sweeper,
        holdReleaseScheduler: scheduler,
        holdReleaseDeadLetterQueue,
        holdReleaseSchedulingDeadLetterQueue,
        queueTokenEvents,
        queueEventsDeadLetterQueue,
        tokenExpiryDeadLetterQueue,
      });
      new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn, description: 'Subscribe here to receive alarm notifications' });
    }

    this.web = new WebDistribution(this, 'Web', { stage, api: this.api, routes: httpRoutes, removalPolicy, wafRateLimit: config.webRateLimit });

    new CfnOutput(this, 'WebUrl', {
      value: `https://${this.web.distribution.distributionDomainName}/`,
      description: 'The fan web app; the API is also served here, on the same origin',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single DynamoDB table (use as TABLE_NAME for the admin CLI)' });
    new CfnOutput(this, 'HoldReleaseQueueUrl', { value: holdReleaseQueue.queueUrl });
  }

  /** Built from `tableDefinition`, the same object DynamoDB Local is created from. */
  private createTable(stage: string, disposable: boolean, removalPolicy: RemovalPolicy): Table {
    const table = new Table(this, 'Table', {
      tableName: `concert-reservations-${stage}`,
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamViewType],
      // On-demand: no cost at idle, and the waiting room absorbs bursts that provisioned capacity would throttle.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: !disposable,
      removalPolicy,
    });
    for (const [indexName, index] of Object.entries(tableDefinition.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: attributeTypes[index.sortKeyType] },
        projectionType: projectionTypes[index.projection],
      });
    }
    return table;
  }

  private createApi(config: DeploymentConfig, removalPolicy: RemovalPolicy): { api: HttpApi; stage: HttpStage } {
    const api = new HttpApi(this, 'Api', {
      apiName: `concert-reservation-${config.stage}`,
      description: 'Concert reservation HTTP API (contract: API.md)',
      createDefaultStage: false,
      // Origins from context: `*` only in dev; none named means no browser origin may call the API.
      ...(config.corsAllowOrigins.length
        ? {
            corsPreflight: {
              allowOrigins: [...config.corsAllowOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE],
              allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'x-challenge'],
              exposeHeaders: ['retry-after', 'www-authenticate'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/apigateway/concert-reservation-${config.stage}/access`,
      retention: config.logRetention,
      removalPolicy,
    });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      /*
       * Stage-wide throttle, a safety net in front of Lambda and DynamoDB (context apiThrottleRateLimit /
       * apiThrottleBurstLimit, default 1000 req/s steady, bursts of 2000). The waiting room is what keeps the
       * booking path fair; this limit only stops a flood from exhausting the regional Lambda concurrency
       * (1000 by default: at ~50 ms per request, 1000 req/s needs about 50 concurrent executions, leaving
       * headroom for slow cold starts) and from running up the on-demand DynamoDB bill. It is far below the
       * account-level API Gateway limit (10,000 req/s), so one stage cannot starve the others.
       * Over the limit, API Gateway itself answers 429 `{"message":"Too Many Requests"}`: HTTP APIs cannot
       * customise that body or add Retry-After (see docs/deploy.md).
       */
      throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
      // Per-route settings below (routeThrottles) tighten sign-ups, queue entries and challenges.
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No headers are logged: Authorization carries the queue token.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });
    return { api, stage };
  }
}
