/**
 * Cold start: each Lambda handler bundled exactly as the CDK stack bundles it (the same function,
 * cdk/constructs/waypoint-function.ts bundleFunction, and the same entry files), then imported
 * in a fresh Node process, as the Lambda runtime does at init. A baseline bundle (Hono, the
 * DynamoDB DocumentClient and preact-render-to-string, tests/bench/baseline-handler.tsx, same
 * options) is imported in turn with them, round after round, and each handler's init is judged as a
 * ratio to it: a busy machine slows both alike. Budget: public and console at most 1.5× the baseline.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../cdk/constructs/waypoint-function.js';
import { HANDLER_ENTRIES } from '../../cdk/stacks/waypoint-stack.js';
import { buildWebAssets } from '../../web/build-assets.js';
import { bundleHandler } from '../support/handler-bundle.js';

const run = promisify(execFile);
/** The most a handler's init may cost, as a multiple of the baseline's measured in the same run. */
export const COLD_INIT_BUDGET_RATIO = 1.5;
/** Handlers judged against the ratio (the jobs function is not on a visitor's path). */
export const RATIO_JUDGED: readonly string[] = ['public', 'console'];
const BASELINE_ENTRY = 'tests/bench/baseline-handler.tsx';

export interface ColdStartRow {
  handler: keyof typeof HANDLER_ENTRIES | 'baseline';
  /** index.mjs: what the function loads at cold start (with the parts it imports statically). */
  bundleBytes: number;
  /** The part-*.mjs files beside it: shared code and code loaded on first use. */
  partsBytes: number;
  /** All code deflated, about what the deployment zip holds. */
  bundleZipped: number;
  mapBytes: number;
  /** Import time of index.mjs (module code included: configuration, clients, app). */
  initMedian: number;
  initMax: number;
  /** initMedian divided by the baseline's initMedian, both measured alternately in this run. */
  ratio: number;
  /** The first request after init (FIRST_REQUEST): the baseline, public and console handlers. */
  firstRequest?: number;
  /** Init plus the first request, divided by the baseline's: what a person waits for on a cold start. */
  pageRatio?: number;
}

/**
 * The first request each handler answers after init, and its status. The public site's home page;
 * for the console, what the first visit of a shift gets (sessions last at most a working day): the
 * way to sign in, without a session. The jobs function answers no requests.
 */
export const FIRST_REQUEST: Partial<Record<ColdStartRow['handler'], { path: string; status: number }>> = {
  baseline: { path: '/en/', status: 200 },
  public: { path: '/en/', status: 200 },
  console: { path: '/console/', status: 302 },
};

/** Configuration the handlers parse at init; nothing in it is reachable, nothing leaves the machine. */
const HANDLER_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  APP_TABLE_NAME: 'waypoint-app',
  AUDIT_TABLE_NAME: 'waypoint-audit',
  APP_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuv',
  PII_KMS_KEY_ARN: 'arn:aws:kms:ap-southeast-1:111111111111:key/00000000-0000-0000-0000-000000000000',
  OIDC_ISSUER: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_bench',
  OIDC_CLIENT_ID: 'bench-client',
  OIDC_CLIENT_SECRET: 'bench-client-secret',
  PUBLIC_BASE_URL: 'https://portal.example.org',
};

const RUNNER = `
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
const [dir, expectedStatus] = process.argv.slice(2);
process.env.LAMBDA_TASK_ROOT = dir;
const started = performance.now();
const { handler } = await import(pathToFileURL(dir + '/index.mjs').href);
const initMs = performance.now() - started;
let firstMs;
if (expectedStatus) {
  const event = JSON.parse(readFileSync(dir + '/event.json', 'utf8'));
  const t = performance.now();
  const res = await handler(event, {});
  if (res.statusCode !== Number(expectedStatus)) throw new Error('status ' + res.statusCode);
  firstMs = performance.now() - t;
}
process.stdout.write('\\n@@cold@@' + JSON.stringify({ initMs, firstMs }));
`;

export async function measureColdStart(repeats = 7): Promise<ColdStartRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'waypoint-cold-'));
  const webAssets = await buildWebAssets();
  const runner = join(root, 'runner.mjs');
  writeFileSync(runner, RUNNER);
  const fixture = readFileSync(join(PROJECT_ROOT, 'tests/fixtures/apigw-v2-get.json'), 'utf8');
  const entries: [ColdStartRow['handler'], string][] = [
    ['baseline', BASELINE_ENTRY],
    ...(Object.entries(HANDLER_ENTRIES) as [keyof typeof HANDLER_ENTRIES, string][]),
  ];
  for (const [name, entry] of entries) {
    const dir = join(root, name);
    mkdirSync(dir);
    await bundleHandler(entry, dir, { webAssets, texts: name !== 'baseline' });
    const first = FIRST_REQUEST[name];
    if (first) {
      const event = JSON.parse(fixture);
      event.rawPath = first.path;
      event.requestContext.http.path = first.path;
      writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    }
  }
  const times = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  const firsts = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  // Round after round, every bundle once per round: load on the machine falls on all of them alike.
  for (let i = 0; i < repeats; i++) {
    for (const [name] of entries) {
      const { stdout } = await run(
        process.execPath,
        [runner, join(root, name), String(FIRST_REQUEST[name]?.status ?? '')],
        {
          env: HANDLER_ENV,
          cwd: join(root, name),
          maxBuffer: 10_000_000,
        },
      );
      const out = JSON.parse(stdout.slice(stdout.lastIndexOf('@@cold@@') + 8)) as {
        initMs: number;
        firstMs?: number;
      };
      times.get(name)?.push(out.initMs);
      if (out.firstMs !== undefined) firsts.get(name)?.push(out.initMs + out.firstMs);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const baseline = median(times.get('baseline') ?? []);
  const baselinePage = median(firsts.get('baseline') ?? []);
  const rows = entries.map(([name]): ColdStartRow => {
    const dir = join(root, name);
    const code = readFileSync(join(dir, 'index.mjs'));
    const parts = readdirSync(dir)
      .filter((f) => f.startsWith('part-') && f.endsWith('.mjs'))
      .map((f) => readFileSync(join(dir, f)));
    const own = times.get(name) ?? [];
    const page = firsts.get(name) ?? [];
    return {
      handler: name,
      bundleBytes: code.length,
      partsBytes: parts.reduce((sum, p) => sum + p.length, 0),
      bundleZipped: deflateRawSync(Buffer.concat([code, ...parts]), { level: 9 }).length,
      mapBytes: statSync(join(dir, 'index.mjs.map')).size,
      initMedian: median(own),
      initMax: Math.max(...own),
      ratio: median(own) / baseline,
      ...(page.length
        ? { firstRequest: median(page) - median(own), pageRatio: median(page) / baselinePage }
        : {}),
    };
  });
  rmSync(root, { recursive: true, force: true });
  return rows;
}
