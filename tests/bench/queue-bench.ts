/**
 * The operators' queue page with 100,000 open requests in DynamoDB Local: p50/p95 of the queries
 * behind it (GSI queries per priority, contactable now and next window; no Scan).
 * Budget (architecture doc): first 50 contactable requests in under 50 ms p95.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AuditLog } from '../../functions/data/audit-log.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { queueIndex, requestKeys } from '../../functions/data/keys.js';
import { ensureTable } from '../../functions/data/table-admin.js';
import { APP_TABLE, AUDIT_TABLE } from '../../functions/data/table-design.js';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { Casework } from '../../functions/services/casework.js';

export async function benchQueue(total = 100_000) {
  const dynamo = await startDynamoDbLocal({ timeoutMs: 60_000 });
  const doc = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  try {
    await ensureTable(doc, APP_TABLE, 'bench-app');
    await ensureTable(doc, AUDIT_TABLE, 'bench-audit');
    const now = Date.now();
    const t0 = performance.now();
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < total; i += 25) {
      const batch: Record<string, unknown>[] = [];
      for (let j = i; j < Math.min(total, i + 25); j++) {
        const createdAt = new Date(now - (j % 10_000) * 60_000).toISOString();
        // Half are contactable now, half later; priorities 1:2:3 in about 1:3:6.
        const next = new Date(now + (j % 2 === 0 ? -1 : 1) * ((j % 500) + 1) * 60_000).toISOString();
        const priority = j % 10 === 0 ? 1 : j % 10 < 4 ? 2 : 3;
        const id = `bench${String(j).padStart(7, '0')}`;
        batch.push({
          ...requestKeys.request(id),
          entity: 'REQ',
          id,
          status: 'new',
          priority,
          facts: {
            dangerNow: false,
            hurtOrSick: false,
            threats: false,
            shelterTonight: false,
            ageBand: 'adult',
          },
          createdAt,
          updatedAt: createdAt,
          timeZone: 'Asia/Bangkok',
          safeWindows: [],
          languages: ['th'],
          country: 'TH',
          attempts: 0,
          nextContactableAt: next,
          ...queueIndex({ priority: priority as 1 | 2 | 3, nextContactableAt: next, createdAt, id }),
        });
      }
      batches.push(batch);
    }
    for (let i = 0; i < batches.length; i += 8) {
      await Promise.all(
        batches.slice(i, i + 8).map((batch) =>
          doc.send(
            new BatchWriteCommand({
              RequestItems: { 'bench-app': batch.map((Item) => ({ PutRequest: { Item } })) },
            }),
          ),
        ),
      );
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    const casework = new Casework({
      store: new CaseworkStore(doc, 'bench-app'),
      audit: new AuditLog(doc, 'bench-audit'),
      encrypt: async () => 'ciphertext',
      retentionDays: 30,
      decrypt: async () => ({}),
      directory: {
        get: async () => {
          throw new Error('unused');
        },
      },
      staff: { get: async () => undefined, list: async () => [] },
      claimMinutes: 45,
      maxUnsuccessful: 3,
      targetMinutes: { 1: 30, 2: 240, 3: 1440 },
      now: () => new Date(),
    });
    const operator = { sub: 'bench', name: 'bench', roles: ['operator' as const], childProtection: false };
    for (let i = 0; i < 5; i++) await casework.queue(operator);
    const times: number[] = [];
    let shown = 0;
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      const q = await casework.queue(operator);
      times.push(performance.now() - start);
      shown = q.due.length;
    }
    times.sort((a, b) => a - b);
    return {
      total,
      loadSeconds,
      shown,
      p50: times[Math.floor(times.length * 0.5)] ?? 0,
      p95: times[Math.floor(times.length * 0.95)] ?? 0,
    };
  } finally {
    doc.destroy();
    await dynamo.stop();
  }
}
