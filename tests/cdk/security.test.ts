import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOB_SCHEDULES, scheduledJobs } from '../../cdk/constructs/job-schedules.js';
import { STAFF_GROUPS } from '../../cdk/constructs/staff-identity.js';
import { FORWARDED_HEADERS } from '../../cdk/stacks/waypoint-stack.js';
import { JOBS } from '../../functions/domain/jobs.js';
import enRequest from '../../locales/en/request.json' with { type: 'json' };
import { type Synthesized, synthWaypoint } from './support/synth.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function logicalIdOf(s: Synthesized, construct: { node: { defaultChild?: unknown } }): string {
  return s.stacks.main.getLogicalId(construct.node.defaultChild as never);
}

/** Every statement of every IAM policy attached to the role with this logical id. */
function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      asArray(p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r).includes(roleLogicalId)),
    )
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => asArray(s.Action));
const refersTo = (statement: Statement, logicalId: string) =>
  JSON.stringify(statement.Resource).includes(logicalId);

describe('the synthesized stacks', () => {
  let s: Synthesized;
  let prod: Synthesized;
  let roles: { public: string; console: string; jobs: string };
  let ids: { piiKey: string; tableKey: string; appTable: string; auditTable: string };

  beforeAll(async () => {
    s = await synthWaypoint();
    prod = await synthWaypoint({ stage: 'prod', helplinePhone: '+66 2 123 4567' });
    const m = s.stacks.main;
    roles = {
      public: logicalIdOf(s, m.publicFunction.role),
      console: logicalIdOf(s, m.consoleFunction.role),
      jobs: logicalIdOf(s, m.jobsFunction.role),
    };
    ids = {
      piiKey: logicalIdOf(s, m.piiKey),
      tableKey: logicalIdOf(s, m.tableKey),
      appTable: logicalIdOf(s, m.appTable.table),
      auditTable: logicalIdOf(s, m.auditTable.table),
    };
  }, 120_000);

  describe('data', () => {
    it('encrypts both tables with the customer-managed table key, which rotates', () => {
      for (const [, table] of resources(s.main, 'AWS::DynamoDB::Table')) {
        expect(table.Properties.SSESpecification).toEqual({
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [ids.tableKey, 'Arn'] },
        });
        expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
          PointInTimeRecoveryEnabled: true,
        });
        expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      }
      const keys = resources(s.main, 'AWS::KMS::Key');
      expect(keys).toHaveLength(2);
      for (const [, key] of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
    });

    it('keeps the TTL on the application table only', () => {
      const ttls = resources(s.main, 'AWS::DynamoDB::Table').map(
        ([, t]) => t.Properties.TimeToLiveSpecification,
      );
      expect(ttls).toContainEqual({ AttributeName: 'ttl', Enabled: true });
      expect(ttls.filter(Boolean)).toHaveLength(1);
    });

    it('lets the table key be used only through DynamoDB', () => {
      const key = s.main.findResources('AWS::KMS::Key')[ids.tableKey] as Resource;
      const statements = (key.Properties.KeyPolicy as { Statement: (Statement & { Principal: unknown })[] })
        .Statement;
      const open = statements.filter((st) => JSON.stringify(st.Principal) === '{"AWS":"*"}');
      expect(open).toHaveLength(1);
      expect(open[0]?.Condition).toEqual({
        StringEquals: {
          'kms:ViaService': 'dynamodb.ap-southeast-1.amazonaws.com',
          'kms:CallerAccount': '111111111111',
        },
      });
    });

    it('protects production tables, keys and the user pool against deletion', () => {
      for (const [, table] of resources(prod.main, 'AWS::DynamoDB::Table')) {
        expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      }
      prod.main.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
      prod.main.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
      prod.main.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
      for (const [, table] of resources(s.main, 'AWS::DynamoDB::Table')) {
        expect(table.Properties.DeletionProtectionEnabled).toBe(false);
      }
    });

    it('stores APP_SECRET in Secrets Manager, generated, 48 characters, never as a plain variable', () => {
      s.main.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
      });
      for (const [, fn] of resources(s.main, 'AWS::Lambda::Function')) {
        const vars =
          (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        expect(Object.keys(vars)).not.toContain('APP_SECRET');
        expect(Object.keys(vars)).not.toContain('OIDC_CLIENT_SECRET');
      }
    });
  });

  describe('least privilege of the function roles', () => {
    it('public: no kms:Decrypt anywhere, only GenerateDataKey and Encrypt on the personal-data key', () => {
      const statements = statementsOfRole(s.main, roles.public);
      const kms = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('kms:')));
      expect(actionsOf(kms).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
      expect(kms.every((st) => refersTo(st, ids.piiKey))).toBe(true);
      expect(actionsOf(statements).some((a) => a === 'kms:Decrypt' || a === 'kms:*' || a === '*')).toBe(
        false,
      );
    });

    it('console: may decrypt personal data; jobs: no KMS at all', () => {
      const consoleKms = statementsOfRole(s.main, roles.console).filter((st) =>
        actionsOf([st]).some((a) => a.startsWith('kms:')),
      );
      expect(actionsOf(consoleKms).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(consoleKms.every((st) => refersTo(st, ids.piiKey))).toBe(true);
      expect(actionsOf(statementsOfRole(s.main, roles.jobs)).some((a) => a.startsWith('kms:'))).toBe(false);
    });

    it('no role may Scan, use dynamodb:* or touch anything but its own grants', () => {
      for (const role of Object.values(roles)) {
        const actions = actionsOf(statementsOfRole(s.main, role));
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
      }
    });

    it('the audit table: PutItem (and Query for the console), never update or delete; nothing for the public', () => {
      for (const [name, role] of Object.entries(roles)) {
        const onAudit = statementsOfRole(s.main, role).filter((st) => refersTo(st, ids.auditTable));
        const actions = actionsOf(onAudit).sort();
        expect(actions).toEqual(
          name === 'console'
            ? ['dynamodb:PutItem', 'dynamodb:Query']
            : name === 'jobs'
              ? ['dynamodb:PutItem']
              : [],
        );
      }
    });

    it('the public function queries only gsi1 and cannot read another function secret', () => {
      const statements = statementsOfRole(s.main, roles.public);
      const indexResources = JSON.stringify(
        statements.filter((st) => JSON.stringify(st.Resource).includes('/index/')),
      );
      expect(indexResources).toContain('/index/gsi1');
      expect(indexResources).not.toContain('/index/gsi2');
      const secrets = statements.filter((st) => actionsOf([st]).includes('secretsmanager:GetSecretValue'));
      expect(secrets).toHaveLength(1);
      expect(JSON.stringify(secrets[0]?.Resource)).not.toContain('console-oidc');
    });

    it('roles have no AWS managed policies and write only to their own log group', () => {
      for (const role of Object.values(roles)) {
        const r = s.main.findResources('AWS::IAM::Role')[role] as Resource;
        expect(r.Properties.ManagedPolicyArns).toBeUndefined();
        const logs = statementsOfRole(s.main, role).filter((st) =>
          actionsOf([st]).some((a) => a.startsWith('logs:')),
        );
        expect(actionsOf(logs).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      }
    });
  });

  describe('compute', () => {
    it('runs every application Lambda on ARM64 and Node.js 22 or newer, with log retention', () => {
      const fns = resources(s.main, 'AWS::Lambda::Function').filter(([, f]) =>
        String(f.Properties.Description ?? '').startsWith('Waypoint '),
      );
      expect(fns).toHaveLength(3);
      for (const [, fn] of fns) {
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        const major = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))?.[1]);
        expect(major).toBeGreaterThanOrEqual(22);
        expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'Text', LogGroup: expect.anything() });
      }
      s.main.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('gives every function its configuration, secrets only by reference', () => {
      const vars = (role: 'publicFunction' | 'consoleFunction') => {
        const fn = s.main.findResources('AWS::Lambda::Function')[
          logicalIdOf(s, s.stacks.main[role].function)
        ] as Resource;
        return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      };
      expect(Object.keys(vars('consoleFunction'))).not.toContain('APP_SECRET_ARN');
      expect(Object.keys(vars('publicFunction'))).toEqual(
        expect.arrayContaining([
          'APP_TABLE_NAME',
          'AUDIT_TABLE_NAME',
          'PII_KMS_KEY_ARN',
          'APP_SECRET_ARN',
          'LOCALES',
        ]),
      );
      expect(vars('publicFunction').LOCALES).toBe('en,th,my');
      expect(vars('consoleFunction')).toMatchObject({
        OIDC_CLIENT_SECRET_ARN: 'waypoint/test/console-oidc',
        OIDC_ROLES_CLAIM: 'cognito:groups',
        OIDC_ISSUER: { 'Fn::GetAtt': [expect.any(String), 'ProviderURL'] },
      });
      // Cognito's discovery has no end-session endpoint: sign-out uses the managed login's /logout.
      expect(JSON.stringify(vars('consoleFunction').OIDC_LOGOUT_URL)).toContain('/logout');
    });

    it('invokes the jobs function on a schedule for every job it implements, with its payload', () => {
      const schedules = resources(s.main, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
      expect(schedules).toHaveLength(JOBS.length);
      for (const job of JOBS) {
        const schedule = schedules.find(
          (p) => JSON.parse(String((p.Target as { Input: string }).Input)).job === job,
        );
        expect(schedule?.ScheduleExpression).toBe(JOB_SCHEDULES.find((x) => x.job === job)?.expression);
        expect(JSON.stringify((schedule?.Target as { Arn: unknown } | undefined)?.Arn)).toContain(
          logicalIdOf(s, s.stacks.main.jobsFunction.function),
        );
      }
    });

    it('plans every 5 and 15 minutes and daily runs, and refuses a job without a schedule', () => {
      expect(Object.fromEntries(JOB_SCHEDULES.map((x) => [x.job, x.expression]))).toEqual({
        'expire-claims': 'rate(5 minutes)',
        'due-follow-ups': 'rate(15 minutes)',
        // "Delete my data" promises the helpline's notes go within 15 minutes.
        'erase-notes': 'rate(5 minutes)',
        'stale-listings': 'cron(0 2 * * ? *)',
        retention: 'cron(30 2 * * ? *)',
      });
      // The promise on the "delete my data" confirmation matches the erase-notes schedule (5 minutes,
      // up to two retries within the 5-minute event age).
      expect(enRequest.status.confirmDelete1).toContain('within 15 minutes');
      expect(scheduledJobs(['expire-claims', 'due-follow-ups', 'stale-listings', 'retention'])).toHaveLength(
        4,
      );
      expect(() => scheduledJobs(['expire-claims', 'reindex'])).toThrowError(/without a schedule.*reindex/);
    });
  });

  describe('edge', () => {
    let distribution: Record<string, unknown>;
    beforeAll(() => {
      const [[, d]] = resources(s.main, 'AWS::CloudFront::Distribution') as [[string, Resource]];
      distribution = d.Properties.DistributionConfig as Record<string, unknown>;
    });
    const behaviors = () => [
      distribution.DefaultCacheBehavior as Record<string, unknown>,
      ...(distribution.CacheBehaviors as Record<string, unknown>[]),
    ];

    it('attaches the us-east-1 WAF web ACL with a rate rule and the AWS common rule set', () => {
      expect(distribution.WebACLId).toEqual({
        'Fn::GetStackOutput': expect.objectContaining({
          StackName: 'Waypoint-test-edge',
          Region: 'us-east-1',
        }),
      });
      s.edge.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        Rules: Match.arrayWith([
          Match.objectLike({
            Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', Limit: 1000 }) },
          }),
          Match.objectLike({
            Statement: {
              ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' },
            },
          }),
        ]),
      });
      expect(s.stacks.edge.region).toBe('us-east-1');
      // The output the distribution reads is the web ACL's ARN.
      const output = (distribution.WebACLId as { 'Fn::GetStackOutput': { OutputName: string } })[
        'Fn::GetStackOutput'
      ];
      expect(s.edge.toJSON().Outputs[output.OutputName].Value).toEqual({ 'Fn::GetAtt': ['WebAcl', 'Arn'] });
    });

    it('records no client addresses: no standard logs, no WAF sampled requests', () => {
      expect(distribution.Logging).toBeUndefined();
      s.main.resourceCountIs('AWS::CloudFront::RealtimeLogConfig', 0);
      s.main.resourceCountIs('AWS::Logs::DeliverySource', 0);
      const acl = resources(s.edge, 'AWS::WAFv2::WebACL')[0]?.[1].Properties as {
        VisibilityConfig: { SampledRequestsEnabled: boolean };
        Rules: { VisibilityConfig: { SampledRequestsEnabled: boolean } }[];
      };
      expect(acl.VisibilityConfig.SampledRequestsEnabled).toBe(false);
      expect(acl.Rules.every((r) => r.VisibilityConfig.SampledRequestsEnabled === false)).toBe(true);
      s.edge.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
      s.main.allResourcesProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent() });
    });

    it('serves only over HTTPS', () => {
      for (const b of behaviors())
        expect(['https-only', 'redirect-to-https']).toContain(b.ViewerProtocolPolicy);
      expect((distribution.DefaultCacheBehavior as Record<string, unknown>).ViewerProtocolPolicy).toBe(
        'redirect-to-https',
      );
    });

    it('reaches the Lambdas only through CloudFront: IAM-authorised function URLs behind origin access control', () => {
      s.main.allResourcesProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
      s.main.resourceCountIs('AWS::Lambda::Url', 2);
      s.main.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 'lambda',
          SigningBehavior: 'always',
        }),
      });
      const origins = distribution.Origins as { OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
      expect(origins).toHaveLength(3);
      expect(origins.every((o) => o.OriginAccessControlId)).toBe(true);
      for (const [, permission] of resources(s.main, 'AWS::Lambda::Permission')) {
        expect(permission.Properties.Principal).toBe('cloudfront.amazonaws.com');
        expect(JSON.stringify(permission.Properties.SourceArn)).toContain('distribution/');
      }
      // Plain HTML form posts get their payload hash at the edge.
      for (const b of behaviors().filter((x) => (x.AllowedMethods as string[]).includes('POST'))) {
        expect(b.LambdaFunctionAssociations).toEqual([
          expect.objectContaining({ EventType: 'origin-request', IncludeBody: true }),
        ]);
      }
    });

    it('serves /assets/* from the private bucket, immutable and compressed', () => {
      const assets = behaviors().find((b) => b.PathPattern === '/assets/*') as Record<string, unknown>;
      expect(assets.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6'); // Managed-CachingOptimized
      expect(assets.Compress).toBe(true);
      s.main.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
      s.main.hasResourceProperties('Custom::CDKBucketDeployment', {
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
        Prune: false,
      });
    });

    it('caches pages only as the origin allows (no-store never) and never the console', () => {
      s.main.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          DefaultTTL: 0,
          MinTTL: 0,
          MaxTTL: 600,
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
            CookiesConfig: { CookieBehavior: 'none' },
            HeadersConfig: { HeaderBehavior: 'none' },
            QueryStringsConfig: { QueryStringBehavior: 'all' },
          }),
        }),
      });
      expect(distribution.CustomErrorResponses).toEqual(
        [500, 502, 503, 504].map((code) => ({ ErrorCode: code, ErrorCachingMinTTL: 0 })),
      );
      const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
      for (const path of ['/console*', '/api/console/*', '/api/public/requests*']) {
        expect(behaviors().find((b) => b.PathPattern === path)?.CachePolicyId).toBe(cachingDisabled);
      }
    });

    it('forwards the viewer address but not the Host header; cookies only to the console', () => {
      const policies = resources(s.main, 'AWS::CloudFront::OriginRequestPolicy').map(
        ([, p]) => p.Properties.OriginRequestPolicyConfig as Record<string, { [k: string]: unknown }>,
      );
      expect(policies).toHaveLength(2);
      for (const p of policies) {
        expect(p.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: [...FORWARDED_HEADERS] });
        expect(FORWARDED_HEADERS).toContain('cloudfront-viewer-address');
        expect(FORWARDED_HEADERS as readonly string[]).not.toContain('host');
      }
      expect(policies.map((p) => p.CookiesConfig?.CookieBehavior).sort()).toEqual(['all', 'none']);
    });

    it('adds security headers at the edge', () => {
      s.main.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: Match.objectLike({ Override: true, IncludeSubdomains: true }),
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          }),
        }),
      });
    });

    it('uses the custom domain and its certificate with TLS 1.2 when configured', async () => {
      const custom = await synthWaypoint({
        domainName: 'help.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
      });
      custom.main.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['help.example.org'],
          ViewerCertificate: Match.objectLike({
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          }),
        }),
      });
      custom.main.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: ['https://help.example.org/console/auth/callback'],
        LogoutURLs: ['https://help.example.org/console/signed-out'],
      });
    });
  });

  describe('staff identity', () => {
    it('requires TOTP MFA, a strong password, no self sign-up, and enforces threat protection', () => {
      s.main.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
    });

    it('has one group per role and a managed login domain', () => {
      const groups = resources(s.main, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
      expect(groups.sort()).toEqual([...STAFF_GROUPS].sort());
      expect(groups).toEqual(
        expect.arrayContaining(['operator', 'supervisor', 'directory-editor', 'admin', 'child-protection']),
      );
      s.main.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
      s.main.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    });

    it('has a confidential code + PKCE client for the console with its callback and logout URLs', () => {
      s.main.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(['openid']),
        CallbackURLs: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/console/auth/callback'],
            ],
          },
        ],
        LogoutURLs: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/console/signed-out'],
            ],
          },
        ],
      });
      // Client id and secret reach the console through a secret, never the template's plain text.
      s.main.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'waypoint/test/console-oidc',
        SecretString: {
          'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.anyValue(), 'ClientSecret'] }])],
        },
      });
    });
  });

  describe('operations', () => {
    it('alarms on Lambda errors and throttles, DynamoDB throttles and urgent waiting, to the e-mail', () => {
      const alarms = resources(s.main, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
      const metricNames = alarms.flatMap((a) =>
        a.MetricName
          ? [a.MetricName]
          : (a.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) =>
              m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
            ),
      );
      expect(metricNames.filter((n) => n === 'Errors')).toHaveLength(3);
      expect(metricNames.filter((n) => n === 'Throttles')).toHaveLength(3);
      expect(metricNames).toEqual(expect.arrayContaining(['ReadThrottleEvents', 'WriteThrottleEvents']));
      const urgent = alarms.find((a) => a.MetricName === 'OldestUrgentWaitingMinutes');
      expect(urgent).toMatchObject({
        Namespace: 'Waypoint',
        Threshold: 30,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      // A safeguarding escalation (counted from the console's log event) notifies at once.
      s.main.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '{ $.event = "console.safeguarding_escalated" }',
        MetricTransformations: [
          { MetricNamespace: 'Waypoint', MetricName: 'SafeguardingEscalations', MetricValue: '1' },
        ],
      });
      expect(alarms.find((a) => a.MetricName === 'SafeguardingEscalations')).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
      s.main.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.org',
      });
    });

    it('alarms on CloudFront 5xx in us-east-1, where CloudFront publishes its metrics', () => {
      expect(s.stacks.edgeAlarms.region).toBe('us-east-1');
      s.edgeAlarms.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/CloudFront',
        MetricName: '5xxErrorRate',
        Dimensions: Match.arrayWith([
          {
            Name: 'DistributionId',
            Value: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Waypoint-test' }) },
          },
        ]),
      });
      s.edgeAlarms.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.org',
      });
    });
  });
});
