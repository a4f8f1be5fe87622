import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { FUNCTION_ACCESS } from '../../functions/data/access-policy.js';
import { APP_TABLE, AUDIT_TABLE } from '../../functions/data/table-design.js';
import type { WaypointConfig } from '../config.js';
import { JobSchedules } from '../constructs/job-schedules.js';
import { OperationsAlarms } from '../constructs/operations-alarms.js';
import { StaffIdentity } from '../constructs/staff-identity.js';
import { TableFromDesign } from '../constructs/table-from-design.js';
import { WaypointFunction } from '../constructs/waypoint-function.js';
import type { WebDist } from '../web-dist.js';

export interface WaypointStackProps extends StackProps {
  config: WaypointConfig;
  /** The web build (cdk/web-dist.ts): islands for the bucket, web-assets.json for the bundles. */
  webDist: WebDist;
  /** From the us-east-1 edge stack. */
  edge: { webAclArn: string; payloadHashVersion: lambda.IVersion };
}

/** Lambda entry files (wiring only, conventions #1). */
export const HANDLER_ENTRIES = {
  public: 'functions/handlers/public.ts',
  // cdk/entries/console.ts resolves the console's secrets, then loads functions/handlers/console.ts.
  console: 'cdk/entries/console.ts',
  jobs: 'functions/handlers/jobs.ts',
} as const;

/**
 * Request headers the origins receive. The viewer's Host is not among them: origin access control
 * signs for the function URL's own host. No User-Agent, no Referer: the app does not need them.
 * CloudFront-Viewer-Address feeds the rate limiter (hashed, never stored or logged).
 */
export const FORWARDED_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'origin',
  'sec-fetch-site',
  'cloudfront-viewer-address',
] as const;

/**
 * The portal in one region: tables and keys, the three Lambdas behind CloudFront, the assets
 * bucket, staff sign-in, schedules and alarms. See docs/deploy.md for the reasoning.
 */
export class WaypointStack extends Stack {
  readonly appTable: TableFromDesign;
  readonly auditTable: TableFromDesign;
  readonly tableKey: kms.Key;
  readonly piiKey: kms.Key;
  readonly publicFunction: WaypointFunction;
  readonly consoleFunction: WaypointFunction;
  readonly jobsFunction: WaypointFunction;
  readonly distribution: cloudfront.Distribution;
  readonly identity: StaffIdentity;
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: WaypointStackProps) {
    super(scope, id, props);
    const { config, webDist } = props;
    const production = config.production;
    const keep = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // ── Data ────────────────────────────────────────────────────────────────────────────────────
    this.tableKey = new kms.Key(this, 'TableKey', {
      description: 'Encrypts the Waypoint tables at rest',
      enableKeyRotation: true,
      removalPolicy: keep,
    });
    // Like the AWS managed DynamoDB key: principals of this account may use the key only through
    // DynamoDB in this region. The function roles then need no KMS permission for the tables at all,
    // so none of them can decrypt anything with this key directly.
    this.tableKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UseThroughDynamoDbOnly',
        principals: [new iam.AnyPrincipal()],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': `dynamodb.${this.region}.amazonaws.com`,
            'kms:CallerAccount': this.account,
          },
        },
      }),
    );
    this.piiKey = new kms.Key(this, 'PiiKey', {
      description: 'Envelope encryption of personal data: contact details, code words, messages',
      enableKeyRotation: true,
      alias: `alias/waypoint-${config.stage}-personal-data`,
      removalPolicy: keep,
    });
    this.appTable = new TableFromDesign(this, 'AppTable', {
      design: APP_TABLE,
      encryptionKey: this.tableKey,
      production,
    });
    this.auditTable = new TableFromDesign(this, 'AuditTable', {
      design: AUDIT_TABLE,
      encryptionKey: this.tableKey,
      production,
    });

    // Signs form tokens and keys the daily-rotated hash of client addresses. Never an env value.
    const appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description: 'Waypoint APP_SECRET: form tokens and rate-limit hashing',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });

    // ── Web assets ─────────────────────────────────────────────────────────────────────────────
    const assetsBucket = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here: everything can be rebuilt, so teardown may empty it.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const deployLogs = new logs.LogGroup(this, 'AssetsDeploymentLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const assetsDeployment = new s3deploy.BucketDeployment(this, 'AssetsDeployment', {
      sources: [s3deploy.Source.asset(webDist.assetsDir)],
      destinationBucket: assetsBucket,
      destinationKeyPrefix: 'assets/',
      // Keep the islands of earlier builds: pages cached a few minutes ago still point at them.
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      logGroup: deployLogs,
      memoryLimit: 256,
    });

    // Where people reach the portal. With a custom domain it is known now; otherwise it is the
    // CloudFront domain, set once the distribution exists (below). Functions behind the distribution
    // cannot receive it as an environment value: the console reads it at cold start from a secret.
    let publicBaseUrl = config.domainName ? `https://${config.domainName}` : '';

    // ── Compute ─────────────────────────────────────────────────────────────────────────────────
    const common: Record<string, string> = {
      APP_TABLE_NAME: this.appTable.table.tableName,
      AUDIT_TABLE_NAME: this.auditTable.table.tableName,
      SITE_NAME: config.siteName,
      LOCALES: config.locales.join(','),
      COUNTRIES: config.countries.join(','),
      RETENTION_DAYS: String(config.retentionDays),
      STALE_AFTER_DAYS: String(config.staleAfterDays),
      ...(Object.keys(config.exitUrls).length > 0 ? { EXIT_URLS: JSON.stringify(config.exitUrls) } : {}),
      ...(config.helplinePhone ? { HELPLINE_PHONE: config.helplinePhone } : {}),
      ...(config.helplineChannels ? { HELPLINE_CHANNELS: JSON.stringify(config.helplineChannels) } : {}),
      HELPLINE_TIME_ZONE: config.helplineTimeZone,
    };
    const fnProps = {
      webAssetsFile: webDist.webAssetsFile,
      logRetention,
      production,
    };

    this.publicFunction = new WaypointFunction(this, 'Public', {
      ...fnProps,
      entry: HANDLER_ENTRIES.public,
      texts: true,
      description: 'Waypoint public site: directory, callback requests, HSDS API',
      reservedConcurrency: config.reservedConcurrency.public,
      environment: {
        ...common,
        PII_KMS_KEY_ARN: this.piiKey.keyArn,
        APP_SECRET_ARN: appSecret.secretArn,
        RATE_LIMIT_SCALE: String(config.rateLimitScale),
      },
    });
    const tables = { app: this.appTable.table, audit: this.auditTable.table };
    this.publicFunction.grantDataAccess(tables, FUNCTION_ACCESS.public);
    this.publicFunction.grantPiiEncrypt(this.piiKey);
    this.publicFunction.grantSecretRead(appSecret.secretArn);

    const consoleOidcSecretName = `waypoint/${config.stage}/console-oidc`;
    this.consoleFunction = new WaypointFunction(this, 'Console', {
      ...fnProps,
      entry: HANDLER_ENTRIES.console,
      texts: true,
      description: 'Waypoint staff console: queue, claims, casework, directory editing',
      timeout: Duration.seconds(15),
      reservedConcurrency: config.reservedConcurrency.console,
      environment: {
        ...common,
        PII_KMS_KEY_ARN: this.piiKey.keyArn,
        OIDC_CLIENT_SECRET_ARN: consoleOidcSecretName,
        TARGET_MINUTES: config.waitTargetMinutes.join(','),
        SAFEGUARDING_ESCALATION: config.safeguardingEscalation.join(',') || 'none',
        OIDC_ROLES_CLAIM: 'cognito:groups',
        ...(publicBaseUrl ? { PUBLIC_BASE_URL: publicBaseUrl } : {}),
      },
    });
    this.consoleFunction.grantDataAccess(tables, FUNCTION_ACCESS.console);
    this.consoleFunction.grantPiiDecrypt(this.piiKey);
    this.consoleFunction.grantSecretRead(WaypointFunction.secretArnForName(this, consoleOidcSecretName));

    this.jobsFunction = new WaypointFunction(this, 'Jobs', {
      ...fnProps,
      entry: HANDLER_ENTRIES.jobs,
      description: 'Waypoint scheduled jobs: claim expiry, due follow-ups, stale listings, retention',
      timeout: Duration.minutes(5),
      memorySize: 512,
      reservedConcurrency: config.reservedConcurrency.jobs,
      environment: {
        ...common,
        TARGET_MINUTES: config.waitTargetMinutes.join(','),
      },
    });
    this.jobsFunction.grantDataAccess(tables, FUNCTION_ACCESS.jobs);

    // The personal-data key's own policy names who may use it, besides the IAM grants above: only
    // the public role may encrypt without decrypting, and no principal but the console role decrypts.
    this.piiKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublicFunctionEncrypts',
        principals: [this.publicFunction.role],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
      }),
    );
    this.piiKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConsoleFunctionDecrypts',
        principals: [this.consoleFunction.role],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.piiKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NobodyElseDecrypts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.consoleFunction.role.roleArn } },
      }),
    );

    // ── Edge ────────────────────────────────────────────────────────────────────────────────────
    // AWS_IAM: only CloudFront, signing with origin access control, may invoke the function URLs.
    const iamAuth = { authType: lambda.FunctionUrlAuthType.AWS_IAM };
    const publicUrl = this.publicFunction.function.addFunctionUrl(iamAuth);
    const consoleUrl = this.consoleFunction.function.addFunctionUrl(iamAuth);
    const originOptions = { readTimeout: Duration.seconds(30), keepaliveTimeout: Duration.seconds(5) };
    const publicOrigin = origins.FunctionUrlOrigin.withOriginAccessControl(publicUrl, originOptions);
    const consoleOrigin = origins.FunctionUrlOrigin.withOriginAccessControl(consoleUrl, originOptions);
    const assetsOrigin = origins.S3BucketOrigin.withOriginAccessControl(assetsBucket);

    // Honours the origin: directory pages send `public, max-age=60, s-maxage=300` and are cached
    // that long; personal pages send `no-store` and are never cached. Nothing is cached by default.
    const pagesCachePolicy = new cloudfront.CachePolicy(this, 'PagesCachePolicy', {
      comment: 'Waypoint pages: cache only what the origin marks public, at most 10 minutes',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(10),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const publicRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'PublicOriginRequestPolicy', {
      comment: 'Waypoint public site: only the headers it uses, no cookies',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const consoleRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'ConsoleOriginRequestPolicy', {
      comment: 'Waypoint console: the session cookie and the headers it uses',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    });
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Waypoint security headers (the app sets its own strict CSP; this one covers the rest)',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: false, override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
          // The app's own policy (with the hash of its inline stylesheet) wins where it sends one.
          override: false,
        },
      },
    });
    const payloadHash: cloudfront.EdgeLambda = {
      functionVersion: props.edge.payloadHashVersion,
      eventType: cloudfront.LambdaEdgeEventType.ORIGIN_REQUEST,
      includeBody: true,
    };
    const dynamic = (origin: cloudfront.IOrigin, personal: boolean): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: personal ? cloudfront.CachePolicy.CACHING_DISABLED : pagesCachePolicy,
      originRequestPolicy: origin === consoleOrigin ? consoleRequestPolicy : publicRequestPolicy,
      responseHeadersPolicy: securityHeaders,
      compress: true,
      edgeLambdas: [payloadHash],
    });

    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `Waypoint ${config.stage}`,
      defaultBehavior: {
        ...dynamic(publicOrigin, false),
        // People type the address: http:// is redirected once, then HSTS keeps them on https.
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: assetsOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
        '/console*': dynamic(consoleOrigin, true),
        '/api/console/*': dynamic(consoleOrigin, true),
        '/api/public/requests*': dynamic(publicOrigin, true),
      },
      // A failing origin must not be cached for CloudFront's default 10 seconds: retry it at once.
      errorResponses: [500, 502, 503, 504].map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: config.priceClass as cloudfront.PriceClass,
      enableIpv6: true,
      // No standard logs: they record every client address. Metrics only.
      enableLogging: false,
      webAclId: props.edge.webAclArn,
      ...(config.domainName && config.certificateArn
        ? {
            domainNames: [config.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    // New pages may name new island files: upload them before the new code goes live.
    this.publicFunction.function.node.addDependency(assetsDeployment);
    this.consoleFunction.function.node.addDependency(assetsDeployment);
    publicBaseUrl ||= `https://${this.distribution.distributionDomainName}`;
    this.publicBaseUrl = publicBaseUrl;

    this.identity = new StaffIdentity(this, 'Staff', {
      stage: config.stage,
      siteName: config.siteName,
      production,
      publicBaseUrl,
      invitationUrl: config.domainName ? `${publicBaseUrl}/console/` : undefined,
      domainPrefix: config.authDomainPrefix,
    });
    this.consoleFunction.function.addEnvironment('OIDC_ISSUER', this.identity.issuer);
    // Cognito's discovery names no end-session endpoint: sign-out goes to the managed login's /logout.
    this.consoleFunction.function.addEnvironment('OIDC_LOGOUT_URL', `${this.identity.signInDomain}/logout`);
    // The staff area invites, disables and regroups staff in this pool, and in no other.
    this.consoleFunction.function.addEnvironment('COGNITO_USER_POOL_ID', this.identity.userPool.userPoolId);
    this.consoleFunction.grantStaffAdmin(this.identity.userPool.userPoolArn);

    // Values that depend on the distribution cannot be environment variables of a function behind
    // it (a dependency cycle), so the console reads them at cold start (functions/handlers/aws-secrets.ts).
    const clientSecret = (this.identity.client.node.defaultChild as cognito.CfnUserPoolClient)
      .attrClientSecret;
    const consoleOidcSecret = new secretsmanager.Secret(this, 'ConsoleOidcSecret', {
      secretName: consoleOidcSecretName,
      description: 'Waypoint console sign-in: Cognito client id and secret, public base URL',
      secretObjectValue: {
        OIDC_CLIENT_ID: SecretValue.unsafePlainText(this.identity.client.userPoolClientId),
        OIDC_CLIENT_SECRET: SecretValue.resourceAttribute(clientSecret),
        PUBLIC_BASE_URL: SecretValue.unsafePlainText(publicBaseUrl),
      },
    });

    // ── Schedules and operations ────────────────────────────────────────────────────────────────
    new JobSchedules(this, 'Schedules', { jobs: this.jobsFunction.function, stage: config.stage });
    new OperationsAlarms(this, 'Alarms', {
      alarmEmail: config.alarmEmail,
      functions: {
        public: this.publicFunction.function,
        console: this.consoleFunction.function,
        jobs: this.jobsFunction.function,
      },
      tables: { app: this.appTable.table, audit: this.auditTable.table },
      urgentWaitTargetMinutes: config.waitTargetMinutes[0],
      consoleLogs: this.consoleFunction.logGroup,
      stage: config.stage,
    });

    // ── Outputs ─────────────────────────────────────────────────────────────────────────────────
    new CfnOutput(this, 'PublicUrl', { value: `${publicBaseUrl}/` });
    new CfnOutput(this, 'ConsoleUrl', { value: `${publicBaseUrl}/console/` });
    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'StaffSignInDomain', { value: this.identity.signInDomain });
    new CfnOutput(this, 'AppTableName', { value: this.appTable.table.tableName });
    new CfnOutput(this, 'AuditTableName', { value: this.auditTable.table.tableName });
    new CfnOutput(this, 'TableKeyArn', { value: this.tableKey.keyArn });
    new CfnOutput(this, 'AppSecretArn', { value: appSecret.secretArn });

    this.suppressNagFindings({ appSecret, consoleOidcSecret, assetsBucket, assetsDeployment });
  }

  /** Every cdk-nag finding that is accepted, each with the reason it is right for this portal. */
  private suppressNagFindings(r: {
    appSecret: secretsmanager.Secret;
    consoleOidcSecret: secretsmanager.Secret;
    assetsBucket: s3.Bucket;
    assetsDeployment: s3deploy.BucketDeployment;
  }): void {
    NagSuppressions.addResourceSuppressions(r.appSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'APP_SECRET keys the hashes of rate-limit buckets and signs short-lived form tokens; rotating it is a deliberate operator action (docs/deploy.md) because in-flight forms would fail.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(r.consoleOidcSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Holds the Cognito app client secret, which Secrets Manager cannot rotate; it changes by replacing the app client (a stack update).',
      },
    ]);
    NagSuppressions.addResourceSuppressions(r.assetsBucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'Server access logs record the client address of every visitor; the bucket holds only public, content-hashed build files and is reachable only through CloudFront.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.distribution,
      [
        {
          id: 'AwsSolutions-CFR1',
          reason:
            'No geo restriction on purpose: people seek help across borders and from wherever they are held.',
        },
        {
          id: 'AwsSolutions-CFR3',
          reason:
            'CloudFront standard logs record every client address, which this portal must never keep; CloudWatch metrics and alarms cover operations.',
        },
      ],
      true,
    );
    if (!this.hasCustomCertificate()) {
      NagSuppressions.addResourceSuppressions(this.distribution, [
        {
          id: 'AwsSolutions-CFR4',
          reason:
            'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; with domainName + certificateArn the distribution enforces TLSv1.2_2021.',
        },
      ]);
    }
    // CDK's own deployment helper (uploads the build to the bucket), not application code.
    NagSuppressions.addResourceSuppressions(
      r.assetsDeployment,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK BucketDeployment needs object-level wildcards on the staging asset bucket and the assets bucket it copies into.',
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressionsByPath(
      this,
      this.bucketDeploymentHandlerPath(),
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'CDK BucketDeployment handler uses AWSLambdaBasicExecutionRole for its own logs; it runs only during deployments.',
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK BucketDeployment handler copies objects between the CDK staging bucket and the assets bucket (object wildcards).',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'The BucketDeployment handler runtime is chosen by aws-cdk-lib, not by this project.',
        },
      ],
      true,
    );
  }

  private hasCustomCertificate(): boolean {
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    const config = this.resolve(cfn.distributionConfig) as {
      viewerCertificate?: { acmCertificateArn?: string };
    };
    return Boolean(config.viewerCertificate?.acmCertificateArn);
  }

  private bucketDeploymentHandlerPath(): string {
    const handler = this.node
      .findAll()
      .find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment') && c.node.scope === this);
    if (!handler) throw new Error('BucketDeployment handler not found');
    return `/${handler.node.path}`;
  }
}
