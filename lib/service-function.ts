import { Duration } from 'aws-cdk-lib';
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { Grants } from '../lambdas/routes';
import { cdkBundlingOptions, projectRoot } from './bundling';
import { apiFunctionTimeoutSeconds } from '../lambdas/routes';

export interface FunctionSizing {
  readonly memorySize: number;
  readonly timeout: Duration;
}

/** Memory buys CPU and network on Lambda (1,769 MB = one vCPU); timeouts are set by who waits for the result. */
export const functionSizing = {
  /**
   * API handlers do a few DynamoDB calls each. 512 MB gives enough CPU for a quick cold start of the ESM
   * bundle (SDK clients, zod, jose) without paying for idle memory. 10 s covers the SDK's bounded retries and
   * the TransactionConflict retry budget, and stays well below API Gateway's 30 s integration limit, so a
   * stuck call ends as our own 5xx rather than the gateway's.
   */
  api: { memorySize: 512, timeout: Duration.seconds(apiFunctionTimeoutSeconds) },
  /** The hold-release consumer runs one transaction per message, up to 10 per batch. */
  queueConsumer: { memorySize: 512, timeout: Duration.seconds(30) },
  /** The hold-release scheduler sends one SQS message per placed hold, up to 100 in parallel per batch. */
  streamConsumer: { memorySize: 256, timeout: Duration.seconds(30) },
  /**
   * The sweeper queries every expiry shard and admits from every waiting room in one run, so it gets more CPU.
   * It runs once a minute; 50 s lets a slow run finish before the next one is due.
   */
  sweeper: { memorySize: 1024, timeout: Duration.seconds(50) },
} as const satisfies Record<string, FunctionSizing>;

/** Lambda stops any function after this long. */
export const lambdaMaxTimeoutSeconds = 900;
/**
 * Time the sale opener keeps for a draw after the last opening of its period: a draw for 100,000 fans takes about
 * 35 s on AWS (docs/scaling.md), so this leaves room for a slow one or a bigger sale.
 */
export const saleOpenerDrawBudgetSeconds = 240;
/** The longest opener period whose draw still fits in Lambda's limit, in whole minutes (EventBridge rates on AWS are). */
export const maxSaleOpenerIntervalSeconds = Math.floor((lambdaMaxTimeoutSeconds - saleOpenerDrawBudgetSeconds) / 60) * 60;

/**
 * The sale opener waits up to one schedule period for an opening, then draws its pre-queue; runs may overlap (the
 * draw happens once). An opening due at the end of the period must still have its whole draw budget.
 */
export const saleOpenerSizing = (intervalSeconds: number): FunctionSizing => ({
  memorySize: 1024,
  timeout: Duration.seconds(intervalSeconds + saleOpenerDrawBudgetSeconds),
});

export interface ServiceFunctionProps {
  readonly stage: string;
  /** File name under lambdas/handlers, as in the route table. */
  readonly handler: string;
  /** The entry file; lib/bundling.ts `handlerEntry(handler)` in every real deployment. */
  readonly entry: string;
  readonly description: string;
  readonly grants: Grants;
  readonly sizing: FunctionSizing;
  readonly table: ITable;
  readonly holdReleaseQueue: IQueue;
  readonly tokenExpiryQueue: IQueue;
  readonly jwtSecret: ISecret;
  /** Service settings as environment variables (TABLE_NAME is added here). */
  readonly settingsEnvironment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The house Lambda function: every function of the service is built here, so runtime, bundling, logging and
 * permissions cannot drift between them. Permissions come ONLY from the route table's `grants`; the stack's
 * event sources add what Lambda needs to poll for the function (SQS receive, dead-letter sends), which the
 * least-privilege test lists per function.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const functionName = `concert-${props.stage}-${props.handler}`;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: least-privilege role derived from lambdas/routes.ts`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    for (const statement of grantStatements(props)) this.role.addToPrincipalPolicy(statement);

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      // Graviton: about 20% cheaper per GB-second than x86 for the same work.
      architecture: Architecture.ARM_64,
      memorySize: props.sizing.memorySize,
      timeout: props.sizing.timeout,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      bundling: cdkBundlingOptions(),
      environment: {
        TABLE_NAME: props.table.tableName,
        ...props.settingsEnvironment,
        ...(props.grants.readsJwtSecret ? { JWT_SECRET_ARN: props.jwtSecret.secretArn } : {}),
        ...(props.grants.sendsHoldReleases ? { HOLD_RELEASE_QUEUE_URL: props.holdReleaseQueue.queueUrl } : {}),
        ...(props.grants.sendsTokenExpiries ? { TOKEN_EXPIRY_QUEUE_URL: props.tokenExpiryQueue.queueUrl } : {}),
        // Stack traces point into the TypeScript sources through the bundled .map file.
        NODE_OPTIONS: '--enable-source-maps',
      },
    });

    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the runtime the service is built and tested for (esbuild target node22); moving to a newer ' +
          'runtime is a deliberate upgrade with its own test run, not something a linter should force.',
      },
    ]);
  }
}

const tableStreamArnOf = (table: ITable): string => {
  if (!table.tableStreamArn) throw new Error('grants list readsTableStream but the table has no stream');
  return table.tableStreamArn;
};

/** IAM statements for exactly what `grants` lists: nothing is added for convenience. */
const grantStatements = (props: Pick<ServiceFunctionProps, 'grants' | 'table' | 'holdReleaseQueue' | 'tokenExpiryQueue' | 'jwtSecret' | 'handler'>): iam.PolicyStatement[] => {
  const { grants, table } = props;
  const indexes = grants.indexes ?? [];
  if (indexes.length > 0 && !grants.table.includes('dynamodb:Query')) {
    throw new Error(`${props.handler}: grants list indexes but not dynamodb:Query, the only action that reads an index`);
  }
  const statements: iam.PolicyStatement[] = [];
  if (grants.table.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: 'TableAccess', actions: [...grants.table], resources: [table.tableArn] }));
  }
  if (indexes.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'IndexQuery',
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  if (grants.readsTableStream) {
    // All four scoped to the stream, as in the DynamoDB guide's policy for Lambda stream triggers.
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadTableStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [tableStreamArnOf(table)],
      }),
    );
  }
  if (grants.sendsHoldReleases) {
    statements.push(
      new iam.PolicyStatement({ sid: 'SendHoldRelease', actions: ['sqs:SendMessage'], resources: [props.holdReleaseQueue.queueArn] }),
    );
  }
  if (grants.sendsTokenExpiries) {
    statements.push(
      new iam.PolicyStatement({ sid: 'SendTokenExpiry', actions: ['sqs:SendMessage'], resources: [props.tokenExpiryQueue.queueArn] }),
    );
  }
  if (grants.readsJwtSecret) {
    statements.push(
      new iam.PolicyStatement({ sid: 'ReadJwtSecret', actions: ['secretsmanager:GetSecretValue'], resources: [props.jwtSecret.secretArn] }),
    );
  }
  return statements;
};
