import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { ensureTable } from '../../functions/data/table-admin.js';
import { APP_TABLE, AUDIT_TABLE } from '../../functions/data/table-design.js';

/** Creates fresh, uniquely named application and audit tables in the run's DynamoDB Local. */
export async function freshTables() {
  const endpoint = inject('dynamoEndpoint');
  const doc = createDocumentClient({ endpoint, region: 'local' });
  const suffix = randomUUID().slice(0, 8);
  const appTableName = `test-app-${suffix}`;
  const auditTableName = `test-audit-${suffix}`;
  await ensureTable(doc, APP_TABLE, appTableName);
  await ensureTable(doc, AUDIT_TABLE, auditTableName);
  return { endpoint, doc, appTableName, auditTableName };
}
