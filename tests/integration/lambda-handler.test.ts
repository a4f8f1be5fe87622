import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedWebAssets, startPortal, testSecrets } from '../support/portal.js';

type LambdaResult = {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
  isBase64Encoded: boolean;
};

/** The Lambda entry file, fed an API Gateway HTTP API (v2) event, serves what the Node server serves. */
describe('Lambda handler (hono/aws-lambda)', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let handler: (event: unknown, context: unknown) => Promise<LambdaResult>;

  beforeAll(async () => {
    portal = await startPortal();
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-lambda-'));
    const assetsFile = join(dir, 'web-assets.json');
    writeFileSync(assetsFile, JSON.stringify(await sharedWebAssets()));
    Object.assign(process.env, {
      WEB_ASSETS_FILE: assetsFile,
      DYNAMODB_ENDPOINT: portal.endpoint,
      AWS_REGION: 'local',
      APP_TABLE_NAME: portal.appTableName,
      AUDIT_TABLE_NAME: portal.auditTableName,
      ...testSecrets(),
    });
    ({ handler } = (await import('../../functions/handlers/public.js')) as unknown as {
      handler: typeof handler;
    });
  });
  afterAll(async () => {
    await portal.close();
  });

  function event(path: string) {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/apigw-v2-get.json', import.meta.url), 'utf8'),
    );
    fixture.rawPath = path;
    fixture.requestContext.http.path = path;
    return fixture;
  }

  it('returns the same home page as the Node server', async () => {
    const result = await handler(event('/en/'), {});
    expect(result.statusCode).toBe(200);
    const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
    const fromNode = await (await fetch(`${portal.baseUrl}/en/`)).text();
    expect(body).toContain('<html lang="en"');
    expect(body).toBe(fromNode);
    expect(result.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('answers /healthz from the real table', async () => {
    const result = await handler(event('/healthz'), {});
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ db: 'ok' });
  });
});
