import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type BuildOptions, buildSync } from 'esbuild';
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
 * esbuild options of every application function, used by the CDK bundling and by the tests and
 * the bench that run the bundled handlers (tests/support/handler-bundle.ts), so they exercise what
 * is deployed. The bundle is split: `index.mjs` holds what the function runs at cold start, and
 * code reached only through a dynamic `import()` (route areas, services, the Encryption SDK,
 * Burmese and Chinese text tables) sits in `part-*.mjs` files, loaded by the first request that needs it
 * (docs/performance.md). The locked SDK versions are bundled instead of the runtime's copy: the
 * same code as in the tests.
 */
export const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  splitting: true,
  entryNames: 'index',
  // Beside index.mjs (not in a folder): code that finds files relative to its own module, such as
  // the texts in locales/, reads the same path from whichever file it lands in.
  chunkNames: 'part-[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: ESM_REQUIRE_BANNER },
  // Tells locales/index.ts, relative to index.mjs, where the copied texts are (absent from source).
  define: { WAYPOINT_LOCALES_DIR: JSON.stringify(`./${LOCALES_BUNDLE_DIR}/`) },
  absWorkingDir: PROJECT_ROOT,
  logLevel: 'warning',
};

/**
 * Bundles one function into `outdir`: `index.mjs` and its `part-*.mjs` files (with source maps), the web
 * build's `web-assets.json` (inline CSS, CSP hash, island paths) and, for page-rendering functions,
 * the texts in `locales/<lang>/<namespace>.json`, read on a language's first use.
 */
export function bundleFunction(
  entry: string,
  outdir: string,
  options: { webAssetsJson: string; texts: boolean },
): void {
  buildSync({ ...ESBUILD_OPTIONS, entryPoints: [join(PROJECT_ROOT, entry)], outdir });
  writeFileSync(join(outdir, 'web-assets.json'), options.webAssetsJson);
  if (options.texts) {
    for (const locale of SUPPORTED_LOCALES) {
      cpSync(join(PROJECT_ROOT, 'locales', locale), join(outdir, LOCALES_BUNDLE_DIR, locale), {
        recursive: true,
      });
    }
  }
}

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
  readonly function: lambda.Function;
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
    const { entry, webAssetsFile, texts = false } = props;
    this.function = new lambda.Function(this, 'Function', {
      // Bundled on this machine with the project's own esbuild (bundleFunction); the asset's hash
      // is that of the bundle. Docker is never used: the image below only fills a required field.
      code: lambda.Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('local-bundling-only'),
          // Never run; it names the entry so that each function's asset is its own (CDK caches
          // staged assets by their source folder and bundling options).
          command: ['bundle', entry, texts ? 'with-texts' : 'without-texts'],
          local: {
            tryBundle: (outputDir) => {
              bundleFunction(entry, outputDir, { webAssetsJson: readFileSync(webAssetsFile, 'utf8'), texts });
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
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
      // The .map files ship with every bundle, but Node only applies them with
      // NODE_OPTIONS=--enable-source-maps, which costs cold start: set it on a function while debugging (docs/deploy.md).
      environment: props.environment,
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
