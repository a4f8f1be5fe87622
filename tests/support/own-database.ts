import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuntimeConfig } from '../../functions/config.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { ensureTable } from '../../functions/data/table-admin.js';
import { APP_TABLE, AUDIT_TABLE } from '../../functions/data/table-design.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { freePort, type RunningDynamoDb, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { listen } from '../../functions/local/server.js';
import { createPublicDeps } from '../../functions/public-deps.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { sharedWebAssets, testSecrets } from './portal.js';

/**
 * The public app against a DynamoDB Local of its own (on disk, fixed port), so a test can stop the
 * database under the running app and start it again with the same data. The fixture directory is
 * loaded; the app checks the directory version every second.
 */
export async function startPortalWithOwnDatabase(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'waypoint-own-db-'));
  const port = await freePort();
  let dynamo: RunningDynamoDb | undefined = await startDynamoDbLocal({ port, dataDir });
  const doc = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  const appTableName = 'own-app';
  const auditTableName = 'own-audit';
  await ensureTable(doc, APP_TABLE, appTableName);
  await ensureTable(doc, AUDIT_TABLE, auditTableName);
  await new DirectoryStore(doc, appTableName).saveRecord({
    organization: FIXTURE_ORGANIZATIONS[0],
    services: FIXTURE_SERVICES,
    locations: FIXTURE_LOCATIONS,
  });
  const config = loadRuntimeConfig({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'local',
    APP_TABLE_NAME: appTableName,
    AUDIT_TABLE_NAME: auditTableName,
    DIRECTORY_CHECK_SECONDS: '1',
    ...testSecrets(),
    ...env,
  });
  const app = createPublicApp(createPublicDeps(config, await sharedWebAssets(), nodeClientAddress, doc));
  const server = await listen(app, 0);
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    doc,
    config,
    appTableName,
    /** Stops DynamoDB Local (the app keeps running). */
    stopDatabase: async () => {
      await dynamo?.stop();
      dynamo = undefined;
    },
    /** Starts DynamoDB Local again on the same port with the same data. */
    startDatabase: async () => {
      dynamo = await startDynamoDbLocal({ port, dataDir });
    },
    close: async () => {
      await server.close();
      doc.destroy();
      await dynamo?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
