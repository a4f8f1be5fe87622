import { createPublicDeps } from '../../functions/app-deps.js';
import { loadRuntimeConfig } from '../../functions/config.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { listen } from '../../functions/local/server.js';
import type { WebAssets } from '../../web/assets.js';
import { buildWebAssets } from '../../web/build-assets.js';
import { freshTables } from './tables.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test secrets: a fixed app secret and a personal-data key file in a fresh temporary folder. */
export function testSecrets() {
  return {
    APP_SECRET: 'integration-test-secret-0123456789abcdef',
    PII_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'waypoint-keys-')), 'pii.key'),
  };
}

let assets: Promise<WebAssets> | undefined;
/** Web assets are built once per test worker. */
export function sharedWebAssets(): Promise<WebAssets> {
  assets ??= buildWebAssets();
  return assets;
}

/** The real public app on a free loopback port, against fresh tables in the run's DynamoDB Local. */
export async function startPortal(env: Record<string, string> = {}) {
  const tables = await freshTables();
  const config = loadRuntimeConfig({
    DYNAMODB_ENDPOINT: tables.endpoint,
    AWS_REGION: 'local',
    APP_TABLE_NAME: tables.appTableName,
    AUDIT_TABLE_NAME: tables.auditTableName,
    ...testSecrets(),
    ...env,
  });
  const webAssets = await sharedWebAssets();
  const app = createPublicApp(createPublicDeps(config, webAssets, nodeClientAddress, tables.doc));
  const server = await listen(app, 0);
  return {
    ...tables,
    config,
    app,
    baseUrl: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close();
      tables.doc.destroy();
    },
  };
}
