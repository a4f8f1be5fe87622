import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { WaypointConfig } from '../config.js';
import { AlarmTopic } from '../constructs/operations-alarms.js';

export interface EdgeAlarmsStackProps extends StackProps {
  config: WaypointConfig;
  distributionId: string;
}

/**
 * CloudFront publishes its metrics in us-east-1 only, and an alarm must live in the region of its
 * metric, so the 5xx alarm (with its own topic and e-mail subscription) has its own us-east-1 stack.
 */
export class EdgeAlarmsStack extends Stack {
  readonly errorRateAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, props);
    if (props.env?.region !== 'us-east-1') throw new Error('EdgeAlarmsStack must be deployed to us-east-1');
    const notify = new AlarmTopic(this, 'Notify', {
      alarmEmail: props.config.alarmEmail,
      displayName: `Waypoint ${props.config.stage} edge alarms`,
    });
    const errorRate = new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
      statistic: 'Average',
      period: Duration.minutes(5),
    });
    this.errorRateAlarm = errorRate.createAlarm(this, 'Cdn5xx', {
      alarmDescription:
        'More than 5% of responses through CloudFront were server errors (5xx) for 15 minutes: check the Lambda alarms and logs.',
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorRateAlarm.addAlarmAction(notify.action);
    this.errorRateAlarm.addOkAction(notify.action);
  }
}
