import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { COGNITO_ADMIN_ACTIONS } from '../../functions/data/cognito-identity-admin.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import {
  checkAccessPolicy,
  OPERATION_ACTIONS,
  type TableGrant,
  type TableName,
} from '../../functions/data/access-policy.js';

/** The repository root: bundling runs from here with the project's own esbuild and lock file. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every application Lambda runs this runtime on ARM64 (Graviton: cheaper and faster to start). */
export const APP_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The bundles are ES modules; a few CommonJS dependencies still call `require` for Node built-ins,
 * which an ES module does not have, so the banner provides one.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __waypointCreateRequire } from 'node:module'; const require = __waypointCreateRequire(import.meta.url);";

/**
 * Where a bundle finds its texts: `locales/<lang>/<namespace>.json` beside `index.mjs`. The texts
 * are not bundled into the JavaScript (locales/index.ts reads a language's files on first use),
 * so functions that render pages get the folder copied next to the bundle (`texts: true`).
 */
export const LOCALES_BUNDLE_DIR = 'locales';

/**
 * esbuild options shared by the CDK bundling and the test that runs the bundled handler
 * (tests/cdk/bundled-handler.test.ts), so the test exercises what is deployed.
 */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Ship the locked SDK versions instead of whatever the runtime bundles: same code as in the tests.
  bundleAwsSDK: true,
  externalModules: [],
  banner: ESM_REQUIRE_BANNER,
  // Tells locales/index.ts, relative to index.mjs, where the copied texts are (absent from source).
  define: { WAYPOINT_LOCALES_DIR: JSON.stringify(`./${LOCALES_BUNDLE_DIR}/`) },
  logLevel: nodejs.LogLevel.WARNING,
};

export interface WaypointFunctionProps {
  /** Entry file, relative to the repository root (e.g. functions/handlers/public.ts). */
  entry: string;
  description: string;
  environment: Record<string, string>;
  /** dist/web-assets.json from the web build; copied next to the bundle (read at cold start). */
  webAssetsFile: string;
  /** Copy the texts (locales/<lang>/*.json) next to the bundle: functions that render pages. */
  texts?: boolean;
  logRetention: logs.RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  reservedConcurrency?: number | undefined;
  /** Production log groups are retained when the stack is deleted. */
  production: boolean;
}

/**
 * The one Lambda construct (conventions #9): pins runtime, ARM64, ESM bundling with source maps,
 * a log group with retention, JSON logs, and a role that starts with no permissions at all. Access
 * is added only through the grant methods below, each naming exactly the actions it allows.
 */
export class WaypointFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WaypointFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (least privilege, no managed policies)`,
    });
    // Only its own log group: no logs:CreateLogGroup, no other group.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const webAssetsFile = props.webAssetsFile;
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: APP_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // Text: the app already writes one JSON object per line, and CloudWatch extracts embedded-metric
      // lines written with console.log only in this format (the JSON format nests them in "message").
      loggingFormat: lambda.LoggingFormat.TEXT,
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      // The .map ships with every bundle, but Node only applies it with NODE_OPTIONS=--enable-source-maps,
      // which costs about 60 ms of cold start: set it on a function while debugging (docs/deploy.md).
      environment: props.environment,
      bundling: {
        ...BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The handler reads $LAMBDA_TASK_ROOT/web-assets.json (inline CSS, CSP hash, island paths).
          // Page-rendering functions read $LAMBDA_TASK_ROOT/locales/<lang>/<namespace>.json on first use.
          afterBundling: (_inputDir, outputDir) => [
            copyCommand(webAssetsFile, `${outputDir}/web-assets.json`),
            ...(props.texts
              ? SUPPORTED_LOCALES.map((locale) =>
                  copyCommand(
                    `${PROJECT_ROOT}locales/${locale}`,
                    `${outputDir}/${LOCALES_BUNDLE_DIR}/${locale}`,
                  ),
                )
              : []),
          ],
        },
      },
    });
  }

  /**
   * DynamoDB access exactly as written in functions/data/access-policy.ts: one statement per line
   * of the list, limited to its key partitions with `dynamodb:LeadingKeys`. Never Scan, never a
   * whole table (the audit table aside, where only PutItem and Query are ever granted).
   */
  grantDataAccess(tables: Record<TableName, dynamodb.ITable>, grants: readonly TableGrant[]): void {
    const problems = checkAccessPolicy({ [this.node.id]: grants });
    if (problems.length > 0) throw new Error(`Access policy: ${problems.join('; ')}`);
    grants.forEach((grant, i) => {
      const table = tables[grant.table];
      const actions = [...new Set(grant.operations.flatMap((op) => OPERATION_ACTIONS[op]))];
      const wholeTable = grant.partitions.includes('*');
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: `Data${i}${grant.table}${grant.index ?? ''}`.replace(/[^A-Za-z0-9]/g, ''),
          actions,
          resources: [grant.index ? `${table.tableArn}/index/${grant.index}` : table.tableArn],
          ...(wholeTable
            ? {}
            : {
                conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.partitions] } },
              }),
        }),
      );
    });
  }

  /** Envelope encryption of personal data: new data keys, never Decrypt (the public function). */
  grantPiiEncrypt(key: kms.IKey): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [key.keyArn] }),
    );
  }

  /** Reading personal data (the console function; every decrypt is audited by the application). */
  grantPiiDecrypt(key: kms.IKey): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
  }

  /**
   * The staff area's Cognito admin calls (functions/data/cognito-identity-admin.ts), on one user
   * pool only: create, disable, enable, add to and remove from groups. Nothing else (no deleting
   * users, no reading or changing attributes, no passwords).
   */
  grantStaffAdmin(userPoolArn: string): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: [...COGNITO_ADMIN_ACTIONS], resources: [userPoolArn] }),
    );
  }

  /** Reads one secret at cold start (functions/handlers/aws-secrets.ts). */
  grantSecretRead(secretArn: string): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn],
      }),
    );
  }

  /** ARN pattern of a secret known only by name (Secrets Manager appends "-" and 6 random characters). */
  static secretArnForName(scope: Construct, name: string): string {
    return Stack.of(scope).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${name}-??????`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

/** A copy of a file or a folder that works wherever Node runs (no `cp` on Windows). */
function copyCommand(from: string, to: string): string {
  const script = `require('node:fs').cpSync(${JSON.stringify(from)}, ${JSON.stringify(to)}, { recursive: true })`;
  return `node -e ${JSON.stringify(script)}`;
}
