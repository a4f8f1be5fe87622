import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Emitted by the jobs function (CloudWatch embedded metric format), no dimensions. */
export const URGENT_WAIT_METRIC = {
  namespace: 'Waypoint',
  metricName: 'OldestUrgentWaitingMinutes',
} as const;

/**
 * Counted from the console's log (a metric filter on the event the casework service logs when an
 * operator escalates a request for a safeguarding decision; the event carries no personal data).
 */
export const SAFEGUARDING_METRIC = {
  namespace: 'Waypoint',
  metricName: 'SafeguardingEscalations',
  logEvent: 'console.safeguarding_escalated',
} as const;

/** An SNS topic with the operator's e-mail; alarms publish to it. Alarms carry metric names only. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: { alarmEmail: string; displayName: string }) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: props.displayName, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }
}

export interface OperationsAlarmsProps {
  alarmEmail: string;
  stage: string;
  functions: Record<string, lambda.IFunction>;
  tables: Record<string, dynamodb.ITable>;
  urgentWaitTargetMinutes: number;
  /** The console function's log group: safeguarding escalations are counted from it. */
  consoleLogs: logs.ILogGroup;
}

/**
 * Regional alarms: Lambda errors and throttles, DynamoDB throttles and the oldest urgent request
 * waiting too long. (CloudFront's metrics live in us-east-1: see EdgeAlarmsStack.)
 */
export class OperationsAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic: AlarmTopic;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new AlarmTopic(this, 'Notify', {
      alarmEmail: props.alarmEmail,
      displayName: `Waypoint ${props.stage} alarms`,
    });
    const period = Duration.minutes(5);
    const atLeastOnce = (
      alarmId: string,
      metric: cloudwatch.Metric | cloudwatch.MathExpression,
      description: string,
    ) =>
      this.add(
        metric.createAlarm(this, alarmId, {
          alarmDescription: description,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );

    for (const [name, fn] of Object.entries(props.functions)) {
      atLeastOnce(
        `${name}-errors`,
        fn.metricErrors({ period, statistic: 'Sum' }),
        `The ${name} function failed (errors or timeouts) in the last 5 minutes. Logs: its log group.`,
      );
      atLeastOnce(
        `${name}-throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        `The ${name} function was throttled: raise its reserved concurrency or the account limit.`,
      );
    }
    for (const [name, table] of Object.entries(props.tables)) {
      const throttles = new cloudwatch.MathExpression({
        label: `${name} table throttled requests`,
        expression: 'reads + writes',
        period,
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { period, statistic: 'Sum' }),
          writes: table.metric('WriteThrottleEvents', { period, statistic: 'Sum' }),
        },
      });
      atLeastOnce(`${name}-table-throttles`, throttles, `DynamoDB throttled requests on the ${name} table.`);
    }
    this.add(
      new cloudwatch.Metric({
        ...URGENT_WAIT_METRIC,
        statistic: 'Maximum',
        period: Duration.minutes(15),
      }).createAlarm(this, 'urgent-waiting', {
        alarmDescription: `An urgent (priority 1) callback request has waited more than ${props.urgentWaitTargetMinutes} minutes: check the queue and staffing.`,
        threshold: props.urgentWaitTargetMinutes,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    // Safeguarding (docs/safeguarding.md): every escalation notifies the supervisors on duty.
    const escalations = new logs.MetricFilter(this, 'safeguarding-escalations', {
      logGroup: props.consoleLogs,
      filterPattern: logs.FilterPattern.stringValue('$.event', '=', SAFEGUARDING_METRIC.logEvent),
      metricNamespace: SAFEGUARDING_METRIC.namespace,
      metricName: SAFEGUARDING_METRIC.metricName,
      metricValue: '1',
    });
    atLeastOnce(
      'safeguarding-escalated',
      escalations.metric({ period: Duration.minutes(1), statistic: 'Sum' }),
      'A request was escalated for a safeguarding decision: a supervisor should open the console queue now.',
    );
  }

  private add(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.topic.action);
    alarm.addOkAction(this.topic.action);
    this.alarms.push(alarm);
  }
}
