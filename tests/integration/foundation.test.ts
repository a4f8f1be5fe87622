import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { ensureTable } from '../../functions/data/table-admin.js';
import { APP_TABLE } from '../../functions/data/table-design.js';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { startPortal } from '../support/portal.js';

describe('public app against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal.close();
  });

  it('reports the database as reachable', async () => {
    const res = await fetch(`${portal.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ db: 'ok' });
  });

  it('reports 503 when the table does not exist', async () => {
    const other = await startPortal({ APP_TABLE_NAME: 'no-such-table' });
    try {
      const res = await fetch(`${other.baseUrl}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await other.close();
    }
  });

  it('creating a table twice is harmless', async () => {
    expect(await ensureTable(portal.doc, APP_TABLE, portal.appTableName)).toBe('exists');
  });
});

describe('DynamoDB Local on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waypoint-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart', async () => {
    const first = await startDynamoDbLocal({ dataDir: dir });
    let doc = createDocumentClient({ endpoint: first.endpoint, region: 'local' });
    await ensureTable(doc, APP_TABLE, 'persist-test');
    await doc.send(
      new PutCommand({ TableName: 'persist-test', Item: { pk: 'TEST#1', sk: 'TEST', value: 'kept' } }),
    );
    doc.destroy();
    await first.stop();
    expect(first.process.exitCode !== null || first.process.signalCode !== null).toBe(true);

    const second = await startDynamoDbLocal({ dataDir: dir });
    doc = createDocumentClient({ endpoint: second.endpoint, region: 'local' });
    try {
      const { Item } = await doc.send(
        new GetCommand({ TableName: 'persist-test', Key: { pk: 'TEST#1', sk: 'TEST' } }),
      );
      expect(Item?.value).toBe('kept');
    } finally {
      doc.destroy();
      await second.stop();
    }
  }, 400_000); // two starts of DynamoDB Local, each up to minutes on a busy machine
});
