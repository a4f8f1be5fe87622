import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { JOBS } from '../../functions/domain/jobs.js';

export type JobName = 'expire-claims' | 'due-follow-ups' | 'stale-listings' | 'erase-notes' | 'retention';

/** What runs when; the payload is `{ job }` (functions/handlers/jobs.ts). Times are UTC. */
export const JOB_SCHEDULES: readonly { job: JobName; expression: string; description: string }[] = [
  { job: 'expire-claims', expression: 'rate(5 minutes)', description: 'Release claims nobody worked on' },
  { job: 'due-follow-ups', expression: 'rate(15 minutes)', description: 'Surface follow-ups that are due' },
  {
    job: 'erase-notes',
    expression: 'rate(5 minutes)',
    description: 'Delete the staff notes of requests whose data was deleted',
  },
  {
    job: 'stale-listings',
    expression: 'cron(0 2 * * ? *)',
    description: 'Flag listings not verified lately',
  },
  { job: 'retention', expression: 'cron(30 2 * * ? *)', description: 'Delete personal data past retention' },
];

export interface JobSchedulesProps {
  jobs: lambda.IFunction;
  stage: string;
}

/**
 * The schedules to create: those of the jobs functions/domain/jobs.ts lists (services/jobs.ts
 * implements each). A job listed there without a schedule here fails the synth; a planned job the code does not run yet gets no
 * schedule (it would only fail every time and raise the errors alarm).
 */
export function scheduledJobs(implemented: readonly string[] = JOBS): typeof JOB_SCHEDULES {
  const missing = implemented.filter((job) => !JOB_SCHEDULES.some((s) => s.job === job));
  if (missing.length > 0) {
    throw new Error(`Jobs without a schedule in cdk/constructs/job-schedules.ts: ${missing.join(', ')}`);
  }
  return JOB_SCHEDULES.filter((s) => implemented.includes(s.job));
}

/** EventBridge Scheduler schedules invoking the jobs function with each job's payload. */
export class JobSchedules extends Construct {
  constructor(scope: Construct, id: string, props: JobSchedulesProps) {
    super(scope, id);
    for (const { job, expression, description } of scheduledJobs()) {
      const frequent = expression.startsWith('rate(');
      new scheduler.Schedule(this, job, {
        scheduleName: `waypoint-${props.stage}-${job}`,
        description,
        schedule: scheduler.ScheduleExpression.expression(expression),
        timeWindow: scheduler.TimeWindow.off(),
        target: new targets.LambdaInvoke(props.jobs, {
          input: scheduler.ScheduleTargetInput.fromObject({ job }),
          retryAttempts: 2,
          // A missed 5-minute run is superseded by the next one; daily runs may retry for longer.
          maxEventAge: frequent ? Duration.minutes(5) : Duration.hours(6),
        }),
      });
    }
    // The scheduler's invoke role is created by aws-scheduler-targets at stack level.
    for (const child of Stack.of(this).node.children) {
      if (!child.node.id.startsWith('SchedulerRoleForTarget')) continue;
      NagSuppressions.addResourceSuppressions(
        child,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'lambda:InvokeFunction on the jobs function and its versions (<arn>:*), as granted by Function.grantInvoke; no other function.',
            appliesTo: [{ regex: '/^Resource::<Jobs[A-Za-z0-9]*\\.Arn>:\\*$/g' }],
          },
        ],
        true,
      );
    }
  }
}
