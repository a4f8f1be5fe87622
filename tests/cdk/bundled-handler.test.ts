import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaypointFunction } from '../../cdk/constructs/waypoint-function.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { NAMESPACES } from '../../locales/index.js';
import { type Synthesized, synthWaypoint, testWebDist } from './support/synth.js';

const run = promisify(execFile);

type LambdaResult = {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
  isBase64Encoded: boolean;
};

/**
 * Runs the deployed artefact: synthesizes with real bundling, then a plain Node process imports the
 * public function's bundle from its cdk.out asset folder (index.mjs, its part-*.mjs files, web-assets.json
 * and the texts in locales/, nothing else) and serves pages with it. No DynamoDB: /healthz says so, the home page still renders.
 */
describe('the bundled Lambda handlers', () => {
  let outdir: string;
  let synth: Synthesized;
  const bundleDir = (fn: WaypointFunction) => {
    const id = synth.stacks.main.getLogicalId(fn.function.node.defaultChild as CfnFunction);
    const key: string = synth.main.toJSON().Resources[id].Properties.Code.S3Key;
    return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };
  // A DynamoDB-less configuration; nothing in it reaches AWS.
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    APP_TABLE_NAME: 'waypoint-app',
    AUDIT_TABLE_NAME: 'waypoint-audit',
    APP_SECRET: 'bundle-test-secret-0123456789abcdefghijklmnop',
    PII_KMS_KEY_ARN: 'arn:aws:kms:ap-southeast-1:111111111111:key/00000000-0000-0000-0000-000000000000',
    LOCALES: 'en,th,my',
    OIDC_ISSUER: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_test',
    OIDC_CLIENT_ID: 'test-client',
    OIDC_CLIENT_SECRET: 'test-client-secret',
    PUBLIC_BASE_URL: 'https://portal.example.org',
  };

  function event(path: string) {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/apigw-v2-get.json', import.meta.url), 'utf8'),
    );
    fixture.rawPath = path;
    fixture.requestContext.http.path = path;
    return fixture;
  }

  /** Imports `<dir>/index.mjs` in a fresh Node process (as Lambda does) and feeds it the events. */
  async function invokeBundle(
    dir: string,
    events: unknown[],
    envOverrides: Record<string, string | undefined> = {},
  ): Promise<{ results: LambdaResult[]; initMs: number }> {
    const runner = join(outdir, 'run-bundle.mjs');
    writeFileSync(
      runner,
      [
        "import { pathToFileURL } from 'node:url';",
        'const [dir, eventsJson] = process.argv.slice(2);',
        'process.env.LAMBDA_TASK_ROOT = dir;',
        'const started = performance.now();',
        "const { handler } = await import(pathToFileURL(dir + '/index.mjs').href);",
        'const initMs = performance.now() - started;',
        'const results = [];',
        'for (const event of JSON.parse(eventsJson)) results.push(await handler(event, {}));',
        // The functions log to stdout too: the result is the last line, after a marker.
        "process.stdout.write('\\n@@result@@' + JSON.stringify({ results, initMs }));",
      ].join('\n'),
    );
    const merged = Object.fromEntries(
      Object.entries({ ...env, ...envOverrides }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const { stdout } = await run(process.execPath, [runner, dir, JSON.stringify(events)], {
      env: merged,
      cwd: outdir,
      maxBuffer: 20_000_000,
    });
    return JSON.parse(stdout.slice(stdout.lastIndexOf('@@result@@') + '@@result@@'.length));
  }

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'waypoint-cdk-out-'));
    // Template.fromStack synthesizes the app into outdir, bundles included.
    synth = await synthWaypoint({}, { bundle: true, outdir });
  }, 120_000);
  // The synthesized app with its bundles is tens of megabytes: not left behind in the temp folder.
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('ships each bundle as index.mjs and its parts with source maps and the web build, and no node_modules', async () => {
    const webAssets = readFileSync((await testWebDist()).webAssetsFile, 'utf8');
    const m = synth.stacks.main;
    for (const [fn, texts] of [
      [m.publicFunction, true],
      [m.consoleFunction, true],
      [m.jobsFunction, false],
    ] as const) {
      const all = readdirSync(bundleDir(fn));
      const parts = all.filter((f) => f.startsWith('part-'));
      expect(all.filter((f) => !f.startsWith('part-')).sort()).toEqual(
        texts
          ? ['index.mjs', 'index.mjs.map', 'locales', 'web-assets.json']
          : ['index.mjs', 'index.mjs.map', 'web-assets.json'],
      );
      // The code index.mjs shares or loads on first use, each part with its source map.
      const code = parts.filter((f) => f.endsWith('.mjs'));
      expect(code.length).toBeGreaterThan(0);
      expect(parts.sort()).toEqual(code.flatMap((f) => [f, `${f}.map`]).sort());
      expect(readFileSync(join(bundleDir(fn), 'web-assets.json'), 'utf8')).toBe(webAssets);
    }
  });

  it('ships the texts of every language beside the page-rendering bundles, not inside them', () => {
    const m = synth.stacks.main;
    const repoLocales = fileURLToPath(new URL('../../locales/', import.meta.url));
    // Indonesian is written in ASCII, so the bundle would hold these words as they are.
    const indonesianTagline = (
      JSON.parse(readFileSync(join(repoLocales, 'id/common.json'), 'utf8')) as { site: { tagline: string } }
    ).site.tagline;
    for (const fn of [m.publicFunction, m.consoleFunction]) {
      const dir = join(bundleDir(fn), 'locales');
      expect(readdirSync(dir).sort()).toEqual([...SUPPORTED_LOCALES].sort());
      for (const locale of SUPPORTED_LOCALES) {
        expect(readdirSync(join(dir, locale)).sort()).toEqual(NAMESPACES.map((ns) => `${ns}.json`).sort());
        for (const ns of NAMESPACES) {
          expect(readFileSync(join(dir, locale, `${ns}.json`), 'utf8')).toBe(
            readFileSync(join(repoLocales, locale, `${ns}.json`), 'utf8'),
          );
        }
      }
      // Read from those files on first use: the JavaScript does not carry them.
      const code = readFileSync(join(bundleDir(fn), 'index.mjs'), 'utf8');
      expect(code).not.toContain(indonesianTagline);
    }
  });

  /** The files a cold start runs: index.mjs and the parts it imports statically (not `import()`). */
  function coldStartFiles(dir: string, entry = 'index.mjs'): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(dir, file), 'utf8');
      for (const m of code.matchAll(/(?:from|import)\s*"\.\/(part-[^"]+\.mjs)"/g)) visit(m[1] as string);
    };
    visit(entry);
    return [...seen];
  }
  /** The source files (node_modules paths included) a bundle file was built from, by its source map. */
  const sourcesOf = (dir: string, file: string): string[] =>
    (JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as { sources: string[] }).sources;

  it('starts without the Encryption SDK, and with only the DynamoDB operations it uses', () => {
    const m = synth.stacks.main;
    for (const fn of [m.publicFunction, m.consoleFunction, m.jobsFunction]) {
      const dir = bundleDir(fn);
      const atStart = coldStartFiles(dir);
      const startSources = atStart.flatMap((file) => sourcesOf(dir, file));
      // The SDK is loaded by the first request that encrypts or decrypts (functions/data/pii-crypto-lazy.ts).
      expect(startSources.filter((s) => s.includes('/@aws-crypto/'))).toEqual([]);
      // Nowhere the CommonJS-only @aws-crypto/client-node: its require() calls make esbuild wrap the
      // AWS SDK modules it reaches in lazy initialisers (kept whole, parsed twice, run at every cold
      // start), and brought the whole DynamoDB client with every command, waiter and paginator.
      const everySource = readdirSync(dir)
        .filter((f) => f.endsWith('.mjs'))
        .flatMap((file) => sourcesOf(dir, file));
      expect(everySource.filter((s) => s.includes('/@aws-crypto/client-node/'))).toEqual([]);
      const startCode = atStart.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
      expect(startCode.includes('waitUntilTableExists')).toBe(false);
    }
  });

  it('starts the console without zod: plain configuration checks, the form schemas come with the route areas', () => {
    const dir = bundleDir(synth.stacks.main.consoleFunction);
    // The deployment entry (index.mjs) loads the handler with import() once the secrets are read.
    const handlerPart = readdirSync(dir).find((f) => /^part-console-[A-Z0-9]+\.mjs$/.test(f)) as string;
    expect(handlerPart).toBeDefined();
    const atStart = new Set([...coldStartFiles(dir), ...coldStartFiles(dir, handlerPart)]);
    const startSources = [...atStart].flatMap((file) => sourcesOf(dir, file));
    expect(startSources.some((s) => s.endsWith('functions/config.ts'))).toBe(true);
    expect(startSources.filter((s) => s.includes('/zod/'))).toEqual([]);
    // A route area that reads forms brings it.
    const queuePart = readdirSync(dir).find((f) => /^part-queue-routes-[A-Z0-9]+\.mjs$/.test(f)) as string;
    const queueSources = coldStartFiles(dir, queuePart).flatMap((file) => sourcesOf(dir, file));
    expect(queueSources.some((s) => s.includes('/zod/'))).toBe(true);
  });

  it('serves the home page from the bundled public handler, and /healthz reports the missing table', async () => {
    const { results } = await invokeBundle(bundleDir(synth.stacks.main.publicFunction), [
      event('/en/'),
      event('/healthz'),
      event('/th/'),
    ]);
    const [home, health, thai] = results as [LambdaResult, LambdaResult, LambdaResult];
    const body = (r: LambdaResult) =>
      r.isBase64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body;
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(body(home)).toContain('<html lang="en"');
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    expect(home.headers['cache-control']).toMatch(/^public, max-age=60/);
    expect(health.statusCode).toBe(503);
    expect(JSON.parse(body(health))).toEqual({ db: 'unavailable' });
    expect(thai.statusCode).toBe(200);
    expect(body(thai)).toContain('<html lang="th"');
    // The Thai texts come from the bundle's locales/ folder.
    const thaiCommon = JSON.parse(
      readFileSync(new URL('../../locales/th/common.json', import.meta.url), 'utf8'),
    ) as { site: { tagline: string } };
    expect(body(thai)).toContain(thaiCommon.site.tagline);
    // Every island the page loads is among the files the stack uploads to the assets bucket.
    const islands = [...body(home).matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((x) => x[1]);
    expect(islands.length).toBeGreaterThan(0);
    const bucketFiles = readdirSync((await testWebDist()).assetsDir);
    for (const island of islands) expect(bucketFiles).toContain(island?.replace('/assets/', ''));
  });

  it('serves the same page as the source handler the local server and tests use', async () => {
    const dir = bundleDir(synth.stacks.main.publicFunction);
    const { results } = await invokeBundle(dir, [event('/en/')]);
    Object.assign(process.env, env, { WEB_ASSETS_FILE: join(dir, 'web-assets.json') });
    const source = (await import('../../functions/handlers/public.js')) as unknown as {
      handler: (event: unknown, context: unknown) => Promise<LambdaResult>;
    };
    const fromSource = await source.handler(event('/en/'), {});
    expect(results[0]?.body).toBe(fromSource.body);
  });

  it('loads the console and jobs bundles (cold start succeeds with their configuration)', async () => {
    const m = synth.stacks.main;
    for (const fn of [m.consoleFunction, m.jobsFunction]) {
      const dir = bundleDir(fn);
      expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
      const { results } = await invokeBundle(dir, []);
      expect(results).toEqual([]);
    }
  });

  describe('with their secrets in (a stand-in for) Secrets Manager', () => {
    let server: Server;
    let base: string;
    const asked: string[] = [];
    const appSecret = 'from-secrets-manager-0123456789abcdefghijklmn';

    beforeAll(async () => {
      // Answers the three calls the bundles make: GetSecretValue, DynamoDB PutItem, OIDC discovery.
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => {
          body += chunk;
        });
        req.on('end', () => {
          const target = String(req.headers['x-amz-target'] ?? '');
          const json = (status: number, value: unknown, type = 'application/x-amz-json-1.1') => {
            res.writeHead(status, { 'content-type': type });
            res.end(JSON.stringify(value));
          };
          if (target === 'secretsmanager.GetSecretValue') {
            const id = JSON.parse(body).SecretId as string;
            asked.push(id);
            const value =
              id === 'arn:aws:secretsmanager:ap-southeast-1:111111111111:secret:app-AbCdEf'
                ? appSecret
                : id === 'waypoint/test/console-oidc'
                  ? JSON.stringify({
                      OIDC_CLIENT_ID: 'client-from-secret',
                      OIDC_CLIENT_SECRET: 'client-secret-from-secret',
                      PUBLIC_BASE_URL: 'https://d1234.cloudfront.net',
                    })
                  : undefined;
            if (!value) return json(400, { __type: 'ResourceNotFoundException', message: 'not found' });
            return json(200, { ARN: id, Name: id, SecretString: value, VersionId: 'v1' });
          }
          if (target === 'DynamoDB_20120810.PutItem') return json(200, {}, 'application/x-amz-json-1.0');
          if (req.url === '/issuer/.well-known/openid-configuration') {
            return json(
              200,
              {
                issuer: `${base}/issuer`,
                authorization_endpoint: `${base}/issuer/oauth2/authorize`,
                token_endpoint: `${base}/issuer/oauth2/token`,
                jwks_uri: `${base}/issuer/.well-known/jwks.json`,
                response_types_supported: ['code'],
                subject_types_supported: ['public'],
                id_token_signing_alg_values_supported: ['RS256'],
              },
              'application/json',
            );
          }
          json(404, {});
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('the public bundle reads APP_SECRET from APP_SECRET_ARN at cold start', async () => {
      const { results } = await invokeBundle(bundleDir(synth.stacks.main.publicFunction), [event('/en/')], {
        APP_SECRET: undefined,
        APP_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:111111111111:secret:app-AbCdEf',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: base,
      });
      expect(results[0]?.statusCode).toBe(200);
      expect(asked).toContain('arn:aws:secretsmanager:ap-southeast-1:111111111111:secret:app-AbCdEf');
    });

    it('the console bundle takes its client id and public URL from the console secret', async () => {
      const { results } = await invokeBundle(
        bundleDir(synth.stacks.main.consoleFunction),
        [event('/console/auth/login')],
        {
          OIDC_CLIENT_ID: undefined,
          OIDC_CLIENT_SECRET: undefined,
          PUBLIC_BASE_URL: undefined,
          OIDC_CLIENT_SECRET_ARN: 'waypoint/test/console-oidc',
          OIDC_ISSUER: `${base}/issuer`,
          DYNAMODB_ENDPOINT: base,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: base,
        },
      );
      const login = results[0] as LambdaResult;
      expect(login.statusCode).toBe(302);
      const location = new URL(login.headers.location ?? '');
      expect(location.origin + location.pathname).toBe(`${base}/issuer/oauth2/authorize`);
      expect(location.searchParams.get('client_id')).toBe('client-from-secret');
      expect(location.searchParams.get('redirect_uri')).toBe(
        'https://d1234.cloudfront.net/console/auth/callback',
      );
      expect(location.searchParams.get('code_challenge_method')).toBe('S256');
      expect(asked).toContain('waypoint/test/console-oidc');
    });
  });
});
