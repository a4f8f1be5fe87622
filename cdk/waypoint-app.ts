import type { App } from 'aws-cdk-lib';
import { Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { WaypointConfig } from './config.js';
import { EdgeAlarmsStack } from './stacks/edge-alarms-stack.js';
import { EdgeStack } from './stacks/edge-stack.js';
import { WaypointStack } from './stacks/waypoint-stack.js';
import type { WebDist } from './web-dist.js';

export interface WaypointStacks {
  edge: EdgeStack;
  main: WaypointStack;
  edgeAlarms: EdgeAlarmsStack;
}

export interface BuildOptions {
  webDist: WebDist;
  /** Run the cdk-nag AwsSolutions checks (errors fail `cdk synth`). */
  nag?: boolean;
}

/** Stack names of a stage, e.g. Waypoint-prod, Waypoint-prod-edge, Waypoint-prod-edge-alarms. */
export function stackNames(stage: string) {
  return {
    main: `Waypoint-${stage}`,
    edge: `Waypoint-${stage}-edge`,
    edgeAlarms: `Waypoint-${stage}-edge-alarms`,
  };
}

/**
 * Adds the three stacks of one deployment to `app`:
 *   Waypoint-<stage>-edge         us-east-1: AWS WAF web ACL, Lambda@Edge payload hash
 *   Waypoint-<stage>              <region>:  everything else
 *   Waypoint-<stage>-edge-alarms  us-east-1: CloudFront 5xx alarm (CloudFront metrics live there)
 * Cross-region values travel as weak references (Fn::GetStackOutput): no custom resources, and
 * `cdk deploy --all` deploys them in this order.
 */
export function buildWaypoint(app: App, config: WaypointConfig, options: BuildOptions): WaypointStacks {
  // Must be set before any stack exists.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'weak');
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const env = (region: string) => ({ ...(account ? { account } : {}), region });
  const names = stackNames(config.stage);
  const tags = { project: 'waypoint', stage: config.stage };

  const edge = new EdgeStack(app, names.edge, {
    stackName: names.edge,
    env: env('us-east-1'),
    config,
    description: 'Waypoint edge: AWS WAF web ACL and Lambda@Edge (us-east-1)',
    tags,
  });
  const main = new WaypointStack(app, names.main, {
    stackName: names.main,
    env: env(config.region),
    config,
    webDist: options.webDist,
    edge: { webAclArn: edge.webAclArn, payloadHashVersion: edge.payloadHashVersion },
    description: 'Waypoint portal: data, Lambdas, CloudFront, staff sign-in, schedules, alarms',
    terminationProtection: config.production,
    tags,
  });
  const edgeAlarms = new EdgeAlarmsStack(app, names.edgeAlarms, {
    stackName: names.edgeAlarms,
    env: env('us-east-1'),
    config,
    distributionId: main.distribution.distributionId,
    description: 'Waypoint CloudFront alarms (us-east-1)',
    tags,
  });
  if (options.nag ?? true) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { edge, main, edgeAlarms };
}
