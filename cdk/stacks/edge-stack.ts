import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { WaypointConfig } from '../config.js';
import { PROJECT_ROOT } from '../constructs/waypoint-function.js';

export interface EdgeStackProps extends StackProps {
  config: WaypointConfig;
}

/**
 * What CloudFront requires to live in us-east-1: the AWS WAF web ACL (scope CLOUDFRONT) and the
 * Lambda@Edge function that lets plain HTML form posts through origin access control. The main
 * stack reads both through weak cross-region references (Fn::GetStackOutput).
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;
  readonly payloadHashVersion: lambda.IVersion;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    if (props.env?.region !== 'us-east-1') throw new Error('EdgeStack must be deployed to us-east-1');
    const { config } = props;

    // Sampled requests would keep client addresses and headers for three hours: off. Metrics only.
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    const managed = (
      name: string,
      priority: number,
      countOnly: string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(countOnly.length > 0
            ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `waypoint-${config.stage}`,
      description: 'Rate limit per client address and AWS managed rules in front of the portal',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`waypoint-${config.stage}`),
      rules: [
        {
          name: 'RateLimitPerClient',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: config.wafRequestsPer5Min,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RateLimitPerClient'),
        },
        // SizeRestrictions_BODY blocks bodies over 8 KB: a 500-character message in Burmese or Thai is
        // already ~4.5 KB once form-encoded, so a long plea for help could be refused. The app
        // enforces its own field limits; that one rule only counts.
        managed('AWSManagedRulesCommonRuleSet', 1, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        // Deliberately no "anonymous IP" list: people at risk use VPNs and Tor for their safety.
      ],
    });
    this.webAclArn = webAcl.attrArn;

    const edgeRole = new iam.Role(this, 'PayloadHashRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('lambda.amazonaws.com'),
        new iam.ServicePrincipal('edgelambda.amazonaws.com'),
      ),
      description: 'Lambda@Edge payload hash: may only write its own logs',
    });
    const functionName = `waypoint-${config.stage}-payload-hash`;
    // Lambda@Edge writes to /aws/lambda/us-east-1.<name> in whichever region served the request.
    edgeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          `arn:${this.partition}:logs:*:${this.account}:log-group:/aws/lambda/us-east-1.${functionName}`,
          `arn:${this.partition}:logs:*:${this.account}:log-group:/aws/lambda/us-east-1.${functionName}:*`,
        ],
      }),
    );
    const payloadHash = new nodejs.NodejsFunction(this, 'PayloadHash', {
      functionName,
      description:
        'Adds x-amz-content-sha256 to form posts so CloudFront can sign them for the function URLs',
      entry: `${PROJECT_ROOT}cdk/edge/payload-hash.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      // Lambda@Edge supports x86_64 only, and lists Node.js 22 as its newest runtime.
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.X86_64,
      memorySize: 128,
      timeout: Duration.seconds(5),
      role: edgeRole,
      bundling: {
        format: nodejs.OutputFormat.CJS,
        target: 'node22',
        minify: true,
        sourceMap: false,
        externalModules: [],
      },
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    this.payloadHashVersion = payloadHash.currentVersion;

    NagSuppressions.addResourceSuppressions(
      edgeRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Lambda@Edge runs in every CloudFront region and writes to a log group named after this one function in the region that served the request, so the region part of the ARN must be a wildcard; the log group name is fixed.',
          appliesTo: [
            {
              regex: `/^Resource::arn:(<AWS::Partition>|[a-z-]+):logs:\\*:(<AWS::AccountId>|\\d{12}):log-group:\\/aws\\/lambda\\/us-east-1\\.${functionName}(:\\*)?$/g`,
            },
          ],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(payloadHash, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Lambda@Edge documents Node.js 22 as its newest supported runtime; the application functions use the newest Lambda runtime.',
      },
    ]);
  }
}
