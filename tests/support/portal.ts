import { TEST_APP_SECRET } from './requests.js';
import { createConsoleDeps } from '../../functions/console-deps.js';
import { createPublicDeps } from '../../functions/public-deps.js';
import { loadRuntimeConfig } from '../../functions/config.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { createConsoleApp } from '../../functions/http/console-app.js';
import { seedDemoAccounts, startOidcProvider } from '../../functions/local/oidc-provider.js';
import { LocalAccounts } from '../../functions/data/local-accounts.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { listen, portalDispatch } from '../../functions/local/server.js';
import type { WebAssets } from '../../web/assets.js';
import { buildWebAssets } from '../../web/build-assets.js';
import { freshTables } from './tables.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test secrets: a fixed app secret and a personal-data key file in a fresh temporary folder. */
export function testSecrets() {
  return {
    APP_SECRET: TEST_APP_SECRET,
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

/**
 * The whole portal as `npm start` runs it: public site, staff console and a real local OpenID
 * Connect provider, against fresh tables in the run's DynamoDB Local.
 */
export async function startFullPortal(
  env: Record<string, string> = {},
  options: {
    /** Host of PUBLIC_BASE_URL when it should differ from the address the server is reached at. */
    publicHost?: string;
    /** The local provider shaped like Cognito (its /logout instead of an end-session endpoint). */
    cognitoLogout?: boolean;
  } = {},
) {
  const tables = await freshTables();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const publicBaseUrl = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  // The provider signs in the accounts in the table, as with `npm start`: the demo ones to begin with.
  const accounts = new LocalAccounts(tables.doc, tables.appTableName);
  await seedDemoAccounts(accounts);
  const oidc = await startOidcProvider({
    accounts,
    port: 0,
    publicBaseUrls: [publicBaseUrl],
    clientId: 'waypoint-console',
    cognitoLogout: options.cognitoLogout,
  });
  const config = loadRuntimeConfig({
    DYNAMODB_ENDPOINT: tables.endpoint,
    AWS_REGION: 'local',
    APP_TABLE_NAME: tables.appTableName,
    AUDIT_TABLE_NAME: tables.auditTableName,
    OIDC_ISSUER: oidc.issuer,
    PUBLIC_BASE_URL: publicBaseUrl,
    ...(options.cognitoLogout ? { OIDC_LOGOUT_URL: `${oidc.issuer}/logout` } : {}),
    ...testSecrets(),
    ...env,
  });
  const webAssets = await sharedWebAssets();
  const publicApp = createPublicApp(createPublicDeps(config, webAssets, nodeClientAddress, tables.doc));
  const consoleDeps = createConsoleDeps(config, webAssets, tables.doc);
  const consoleApp = createConsoleApp(consoleDeps);
  const server = await listen(portalDispatch(publicApp, consoleApp), port);
  return {
    ...tables,
    config,
    /** The console's dependencies with its services built (the app builds them on first use too: the same ones). */
    consoleDeps: { ...consoleDeps, ...(await consoleDeps.services()) },
    /** The console app itself: its route table lists every console page. */
    consoleApp,
    baseUrl,
    publicBaseUrl,
    oidcIssuer: oidc.issuer,
    close: async () => {
      await server.close();
      await oidc.close();
      tables.doc.destroy();
    },
  };
}
