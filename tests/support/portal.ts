import { createPublicDeps } from '../../functions/app-deps.js';
import { loadRuntimeConfig } from '../../functions/config.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { listen } from '../../functions/local/server.js';
import type { WebAssets } from '../../web/assets.js';
import { buildWebAssets } from '../../web/build-assets.js';
import { freshTables } from './tables.js';

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
    ...env,
  });
  const webAssets = await sharedWebAssets();
  const app = createPublicApp(createPublicDeps(config, webAssets, tables.doc));
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
