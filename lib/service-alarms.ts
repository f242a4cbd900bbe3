import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ServiceAlarmsProps {
  readonly stage: string;
  readonly topic: ITopic;
  readonly apiStage: HttpStage;
  /** Every function of the service, by handler name. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly sweeper: IFunction;
  /** The table-stream consumer that schedules hold releases. */
  readonly holdReleaseScheduler: IFunction;
  readonly holdReleaseDeadLetterQueue: IQueue;
  /** Where the table-stream mapping sends the batches of placed holds it gave up scheduling. */
  readonly holdReleaseSchedulingDeadLetterQueue: IQueue;
  /** The table-stream consumer that drives admission and schedules ACTIVE expiries. */
  readonly queueTokenEvents: IFunction;
  /** Where its stream mapping sends the batches it gave up on. */
  readonly queueEventsDeadLetterQueue: IQueue;
  readonly tokenExpiryDeadLetterQueue: IQueue;
}

interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  readonly comparisonOperator?: ComparisonOperator;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData?: TreatMissingData;
}

const fiveMinutes = Duration.minutes(5);
const oneMinute = Duration.minutes(1);

/** The alarms an operator needs to know that the service serves, admits and releases holds. */
export class ServiceAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: ServiceAlarmsProps) {
    super(scope, id);

    // 5xx includes our own 503 SERVICE_UNAVAILABLE: a few under a spike are expected, a steady stream is not.
    this.add('Api5xx', {
      metric: props.apiStage.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      description: 'The HTTP API answered 5 or more 5xx responses within 5 minutes.',
    });

    for (const [handler, fn] of props.functions) {
      // Handlers map every expected failure to a response, so any Lambda error is a crash or a timeout.
      this.add(`${handler}-errors`, {
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        description: `${handler} failed (unhandled error or timeout).`,
      });
      this.add(`${handler}-throttles`, {
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        description: `${handler} was throttled by Lambda (account or reserved concurrency exhausted).`,
      });
    }

    this.add('HoldReleaseDlqNotEmpty', {
      metric: props.holdReleaseDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: oneMinute, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'Hold releases failed 3 times and were dead-lettered; the sweeper still releases them at expiry, but find out why.',
    });
    this.add('HoldReleaseSchedulingDlqNotEmpty', {
      metric: props.holdReleaseSchedulingDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: oneMinute, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        'The release scheduler gave up on placed holds after its retries (each message names a stream shard and ' +
        'sequence range, readable for 24 h); the sweeper still releases those holds at expiry, but find out why.',
    });

    // The stream consumer falling behind means release messages go out late (reads still treat the holds as expired).
    this.add('HoldReleaseSchedulingLate', {
      metric: props.holdReleaseScheduler.metric('IteratorAge', { period: oneMinute, statistic: 'Maximum' }),
      threshold: 60_000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: 'Placed holds waited over a minute on the table stream before their release was scheduled.',
    });

    // Event-driven admission falling behind means freed slots wait for the sweeper (a minute) instead of 2 seconds.
    this.add('AdmissionEventsLate', {
      metric: props.queueTokenEvents.metric('IteratorAge', { period: oneMinute, statistic: 'Maximum' }),
      threshold: 2_000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: 'Queue-token changes waited over 2 s on the table stream: freed slots are not refilled within the contract.',
    });
    this.add('AdmissionEventsDlqNotEmpty', {
      metric: props.queueEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: oneMinute, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'The admission stream consumer gave up on queue-token changes; the sweeper admits and expires in its place, but find out why.',
    });
    this.add('TokenExpiryDlqNotEmpty', {
      metric: props.tokenExpiryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: oneMinute, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'ACTIVE token expiries failed 3 times and were dead-lettered; the sweeper still expires them, but find out why.',
    });

    // A failing sweeper stops admissions from the waiting room: alarm when most runs in 3 minutes fail...
    this.add('SweeperFailing', {
      metric: props.sweeper.metricErrors({ period: oneMinute, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'The sweeper failed in 2 of the last 3 minutes: waiting tokens are not being admitted.',
    });
    // ...and when it does not run at all (rule disabled, schedule broken): no data counts as breaching.
    this.add('SweeperNotRunning', {
      metric: props.sweeper.metricInvocations({ period: oneMinute, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: TreatMissingData.BREACHING,
      description: 'The sweeper has not run for 5 minutes: waiting tokens are not being admitted.',
    });
  }

  private add(name: string, spec: AlarmSpec): void {
    const alarm = new Alarm(this, name, {
      alarmName: `concert-${this.props.stage}-${name}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.props.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
