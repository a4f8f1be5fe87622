import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_ENTRIES } from '../../cdk/stacks/waypoint-stack.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { LocalAccounts } from '../../functions/data/local-accounts.js';
import { RequestStore } from '../../functions/data/request-store.js';
import {
  type RunningOidcProvider,
  seedDemoAccounts,
  startOidcProvider,
} from '../../functions/local/oidc-provider.js';
import { FUNCTION_URL_HOSTS, type LambdaHandler, startEdgeProxy } from '../support/edge-proxy.js';
import { bundleHandler } from '../support/handler-bundle.js';
import { sharedWebAssets, testSecrets } from '../support/portal.js';
import { formSendBody, referenceCodeIn, TEST_APP_SECRET } from '../support/requests.js';
import { CookieJar, csrfToken, navigate, signIn, signOut } from '../support/staff-http.js';
import { freshTables } from '../support/tables.js';

/**
 * The edge tier: the public and console functions bundled as the stack bundles them, each called
 * in-process with function URL events behind a stand-in for CloudFront (tests/support/edge-proxy.ts):
 * the function sees its function URL's Host, not PUBLIC_BASE_URL's; the viewer's address comes in
 * CloudFront-Viewer-Address; form posts carry the payload hash the edge function adds. Staff sign
 * in and out against the local OpenID Connect provider shaped like Cognito (cognito:groups, no
 * end-session endpoint, its /logout). DynamoDB Local holds the data. What only a deployment to AWS
 * can show is listed in docs/deploy.md ("The edge tier").
 */
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('the bundled functions behind a CloudFront-shaped edge', () => {
  let proxy: Awaited<ReturnType<typeof startEdgeProxy>>;
  let tables: Awaited<ReturnType<typeof freshTables>>;
  let oidc: RunningOidcProvider;
  let root: string | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'waypoint-edge-'));
    const webAssets = await sharedWebAssets();
    // Under a node_modules folder, so that vitest leaves the import to Node, as the Lambda runtime does.
    const dirs = {
      public: join(root, 'node_modules', 'public'),
      console: join(root, 'node_modules', 'console'),
    };
    for (const name of ['public', 'console'] as const) {
      mkdirSync(dirs[name], { recursive: true });
      await bundleHandler(HANDLER_ENTRIES[name], dirs[name], { webAssets, texts: true });
    }

    proxy = await startEdgeProxy();
    tables = await freshTables();
    const accounts = new LocalAccounts(tables.doc, tables.appTableName);
    await seedDemoAccounts(accounts);
    oidc = await startOidcProvider({
      accounts,
      port: 0,
      publicBaseUrls: [proxy.url],
      clientId: 'waypoint-console',
      cognitoLogout: true,
    });

    // The functions' configuration, read when each bundle loads (as at a Lambda cold start).
    Object.assign(process.env, {
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_EC2_METADATA_DISABLED: 'true',
      DYNAMODB_ENDPOINT: tables.endpoint,
      APP_TABLE_NAME: tables.appTableName,
      AUDIT_TABLE_NAME: tables.auditTableName,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: 'waypoint-console',
      OIDC_LOGOUT_URL: `${oidc.issuer}/logout`,
      PUBLIC_BASE_URL: proxy.url,
      ...testSecrets(),
    });
    delete process.env.WEB_ASSETS_FILE;
    for (const name of ['public', 'console'] as const) {
      process.env.LAMBDA_TASK_ROOT = dirs[name];
      const bundle = (await import(pathToFileURL(join(dirs[name], 'index.mjs')).href)) as {
        handler: LambdaHandler;
      };
      proxy.attach(name, bundle.handler);
    }
  });

  afterAll(async () => {
    if (root) rmSync(root, { recursive: true, force: true });
    await proxy?.close();
    await oidc?.close();
    tables?.doc.destroy();
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  });

  it('takes a callback request on the public side, and an operator signs in, claims it and signs out', async () => {
    // A person sends the HTML form's last step: the edge adds the payload hash to the post.
    const posted = await fetch(`${proxy.url}/en/help/request`, {
      method: 'POST',
      body: formSendBody(TEST_APP_SECRET, `edge-${Date.now()}-abcdef`),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.getSetCookie()).toEqual([]);
    const confirmation = await fetch(new URL(posted.headers.get('location') ?? '', proxy.url));
    expect(confirmation.status).toBe(200);
    const code = referenceCodeIn(await confirmation.text());
    expect(code).toBeDefined();
    const id = (await new RequestStore(tables.doc, tables.appTableName).getCode(code as string))?.requestId;
    expect(id).toBeDefined();

    const post = proxy.delivered.find((d) => d.event.requestContext.http.method === 'POST');
    expect(post?.origin).toBe('public');
    expect(post?.event.headers.host).toBe(FUNCTION_URL_HOSTS.public);
    const sentBody = Buffer.from(post?.event.body ?? '', 'base64');
    expect(sentBody.length).toBeGreaterThan(0);
    expect(post?.event.headers['x-amz-content-sha256']).toBe(sha256(sentBody));
    expect(post?.event.headers['cloudfront-viewer-address']).toMatch(/^127\.0\.0\.1:\d+$/);
    // No cookies reach the public function.
    expect(proxy.delivered.filter((d) => d.origin === 'public').every((d) => !d.event.cookies)).toBe(true);

    // An operator signs in through the edge: the console function sees its own host, not PUBLIC_BASE_URL's.
    const who = { jar: new CookieJar() };
    const signedIn = await signIn(who, proxy.url, 'operator-a');
    expect(signedIn.askedForCredentials).toBe(true);
    expect(signedIn.landing.url.pathname).toBe('/console/auth/callback');
    expect(signedIn.landing.status).toBe(200);
    const consoleHosts = new Set(
      proxy.delivered.filter((d) => d.origin === 'console').map((d) => d.event.headers.host),
    );
    expect([...consoleHosts]).toEqual([FUNCTION_URL_HOSTS.console]);
    expect(new URL(proxy.url).host).not.toBe(FUNCTION_URL_HOSTS.console);

    // The request is in the operator's queue; claiming it is a form post through the edge.
    const queue = await navigate(who, `${proxy.url}/console`);
    expect(queue.status).toBe(200);
    const csrf = await csrfToken(who, proxy.url);
    const claimed = await navigate(who, `${proxy.url}/console/requests/${id}/claim`, {
      method: 'POST',
      form: { csrf },
    });
    expect(claimed.status).toBe(200);
    expect(claimed.trail.every((u) => new URL(u).origin === proxy.url)).toBe(true);
    const stored = await new CaseworkStore(tables.doc, tables.appTableName).get(id as string);
    expect(stored?.status).toBe('claimed');
    const claimPost = proxy.delivered.find(
      (d) =>
        d.event.rawPath === `/console/requests/${id}/claim` && d.event.requestContext.http.method === 'POST',
    );
    expect(claimPost?.event.headers['x-amz-content-sha256']).toBe(
      sha256(Buffer.from(claimPost?.event.body ?? '', 'base64')),
    );
    expect(claimPost?.status).toBe(303);

    // Sign-out goes through Cognito's /logout with its parameters and back to our signed-out page.
    const out = await signOut(who, proxy.url, csrf);
    expect(out.posted.url.pathname).toBe('/console/auth/end-session');
    const logout = new URL(
      out.trail.find((u) => u.startsWith(`${oidc.issuer}/logout`)) ?? 'http://none.invalid/',
    );
    expect(logout.searchParams.get('client_id')).toBe('waypoint-console');
    expect(logout.searchParams.get('logout_uri')).toBe(`${proxy.url}/console/signed-out`);
    expect(out.page.url.href).toBe(`${proxy.url}/console/signed-out`);
    expect(out.page.status).toBe(200);
    // Our session is gone, and so is the provider's: the next "Sign in" asks for credentials.
    const after = await navigate(who, `${proxy.url}/console`);
    expect(after.url.origin).not.toBe(proxy.url);
    const next = await signIn(who, proxy.url, 'operator-b');
    expect(next.askedForCredentials).toBe(true);
  });

  it('a form post without the edge function is refused before it reaches the function', async () => {
    // The function URL check above is real: without the payload hash a plain HTML form post fails.
    const before = proxy.delivered.length;
    proxy.useEdgeFunction(false);
    try {
      const res = await fetch(`${proxy.url}/en/help/request`, {
        method: 'POST',
        body: formSendBody(TEST_APP_SECRET, `edge-${Date.now()}-fedcba`),
        redirect: 'manual',
      });
      expect(res.status).toBe(403);
      expect(proxy.delivered.length).toBe(before);
    } finally {
      proxy.useEdgeFunction(true);
    }
  });
});
