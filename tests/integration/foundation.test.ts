import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { ensureTable } from '../../functions/data/table-admin.js';
import { APP_TABLE } from '../../functions/data/table-design.js';
import { DYNAMODB_PID_FILE, freePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { readPidFile } from '../../functions/local/pid-file.js';
import { isAlive, waitForExit } from '../support/local-server.js';
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

  it('stops a DynamoDB Local an earlier run left on the same folder (pid file), keeping its data', async () => {
    const leftDir = mkdtempSync(join(tmpdir(), 'waypoint-left-'));
    const port = await freePort();
    const first = await startDynamoDbLocal({ dataDir: leftDir, port });
    const doc = createDocumentClient({ endpoint: first.endpoint, region: 'local' });
    let second: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
    try {
      await ensureTable(doc, APP_TABLE, 'left-test');
      await doc.send(
        new PutCommand({ TableName: 'left-test', Item: { pk: 'TEST#1', sk: 'TEST', value: 'kept' } }),
      );
      const recorded = readPidFile(join(leftDir, DYNAMODB_PID_FILE));
      const java = recorded?.pid as number;
      expect(isAlive(java)).toBe(true);
      // Leave Java behind as a crash on an older version would: everything in its watchdog's process
      // group is killed except Java, which keeps the port and the data folder.
      const group = first.process.pid as number;
      process.kill(-group, 'SIGSTOP');
      const members = execFileSync('ps', ['-A', '-o', 'pid=,pgid='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map(Number))
        .filter(([pid, pgid]) => pgid === group && pid !== java)
        .map(([pid]) => pid as number);
      for (const pid of members) process.kill(pid, 'SIGKILL');
      process.kill(java, 'SIGCONT');
      await waitForExit(group);
      expect(isAlive(java)).toBe(true);

      second = await startDynamoDbLocal({ dataDir: leftDir, port });
      expect(isAlive(java)).toBe(false);
      const { Item } = await doc.send(
        new GetCommand({ TableName: 'left-test', Key: { pk: 'TEST#1', sk: 'TEST' } }),
      );
      expect(Item?.value).toBe('kept');
      const now = readPidFile(join(leftDir, DYNAMODB_PID_FILE));
      expect(now?.watchdog).toBe(second.process.pid);
      expect(now?.pid).not.toBe(java);
      await second.stop();
      expect(existsSync(join(leftDir, DYNAMODB_PID_FILE))).toBe(false);
    } finally {
      doc.destroy();
      await second?.stop();
      await first.stop();
      rmSync(leftDir, { recursive: true, force: true });
    }
  }, 400_000);
});
