import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import {
  isAlive,
  type LocalServer,
  type LocalServerSetup,
  localServerSetup,
  startLocalServer,
  waitForExit,
} from '../support/local-server.js';
import { apiRequestBody, itemsOf, scanAll } from '../support/requests.js';

/**
 * Crash: the local server (`tsx functions/local/start.ts`, DynamoDB Local on disk, exactly as
 * `npm start` runs it) is killed with SIGKILL in the middle of a load run. A SIGKILLed process
 * cannot clean up, so DynamoDB Local's watchdog must stop Java by itself. After a restart on the
 * same data folder and ports, every request acknowledged before the kill is there, and resending
 * the ones that got no answer stores each exactly once. Then the launcher (what `npm start` is) is
 * killed with SIGKILL: the server and DynamoDB Local must stop by themselves, and the next start
 * comes up on the same ports with the data intact.
 */
const CLIENTS = 8;
const ACKS_BEFORE_KILL = 40;

interface Attempt {
  key: string;
  body: Record<string, unknown>;
  status?: number;
  code?: string;
}

describe('reliability: crash', () => {
  let setup: LocalServerSetup;
  const servers: LocalServer[] = [];
  afterAll(async () => {
    for (const s of servers) {
      await s.stop().catch(() => {});
      const java = s.dynamoPid();
      if (java && isAlive(java)) process.kill(java, 'SIGKILL');
    }
    if (setup) rmSync(setup.dir, { recursive: true, force: true });
  });

  it('every request acknowledged before a SIGKILL is there after the restart', async () => {
    setup = await localServerSetup();
    const env = { RATE_LIMIT_SCALE: '100000' };
    const first = await startLocalServer(setup, env);
    servers.push(first);
    const serverPid = first.serverPid() as number;
    const javaPid = first.dynamoPid() as number;
    expect(serverPid).toBeGreaterThan(0);
    expect(javaPid).toBeGreaterThan(0);

    const run = randomBytes(4).toString('hex');
    const attempts: Attempt[] = [];
    let killed = false;
    let acked = 0;
    let resolveEnough: () => void = () => {};
    const enough = new Promise<void>((r) => {
      resolveEnough = r;
    });
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; !killed; n++) {
        const key = `crash-${run}-${client}-${n}-xxxxxxxx`;
        const attempt: Attempt = { key, body: apiRequestBody(key, n % 2 === 0 ? { pin: '2580' } : {}) };
        attempts.push(attempt);
        try {
          const res = await fetch(`${first.baseUrl}/api/public/requests`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(attempt.body),
          });
          const json = (await res.json()) as { code?: string };
          attempt.status = res.status;
          if (json.code) attempt.code = json.code;
          if (res.status === 201 && ++acked >= ACKS_BEFORE_KILL) resolveEnough();
        } catch {
          // The server died while this one was on its way: no answer, so not acknowledged.
        }
      }
    });
    await enough;
    process.kill(serverPid, 'SIGKILL');
    killed = true;
    await waitForExit(serverPid);
    await Promise.all(clients);
    await first.stop(); // the tsx launcher exits after its child

    // A SIGKILLed process cannot stop its children: the watchdog stops DynamoDB Local (generous wait:
    // a JVM shutting down on a busy machine is slow, and only its exit is checked).
    await waitForExit(javaPid, 120_000);
    expect(isAlive(javaPid)).toBe(false);

    const acknowledged = attempts.filter((a) => a.status === 201);
    const unanswered = attempts.filter((a) => a.status === undefined);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    expect(attempts.filter((a) => a.status !== undefined && a.status !== 201)).toEqual([]);

    const second = await startLocalServer(setup, env);
    servers.push(second);
    const doc = createDocumentClient({ endpoint: second.dynamoEndpoint, region: 'local' });
    try {
      for (const a of acknowledged) {
        const { Item: marker } = await doc.send(
          new GetCommand({ TableName: 'waypoint-app', Key: { pk: `IDEMP#${a.key}`, sk: 'IDEMP' } }),
        );
        expect(marker?.code, a.key).toBe(a.code);
        const { Item: request } = await doc.send(
          new GetCommand({ TableName: 'waypoint-app', Key: { pk: `REQ#${marker?.requestId}`, sk: 'REQ' } }),
        );
        expect(request?.status, a.key).toBe('new');
      }
      // The restarted server answers for them: status by code + PIN.
      for (const a of acknowledged.filter((x) => x.body.pin).slice(0, 3)) {
        const res = await fetch(`${second.baseUrl}/api/public/requests/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: a.code, pin: '2580' }),
        });
        expect(await res.json()).toEqual({ status: 'received' });
      }
      // Whoever got no answer sends again (same idempotency key): each is stored exactly once.
      for (const a of unanswered) {
        const res = await fetch(`${second.baseUrl}/api/public/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(a.body),
        });
        expect([200, 201], a.key).toContain(res.status);
      }
      const items = await scanAll(doc, 'waypoint-app');
      const keys = new Set(itemsOf(items, 'IDEMP').map((i) => String(i.pk).slice(6)));
      expect(itemsOf(items, 'REQ')).toHaveLength(acknowledged.length + unanswered.length);
      expect(keys.size).toBe(acknowledged.length + unanswered.length);
      for (const a of [...acknowledged, ...unanswered]) expect(keys.has(a.key), a.key).toBe(true);
      console.info(
        `crash: ${acknowledged.length} acknowledged before SIGKILL, ${unanswered.length} in flight; DynamoDB Local stopped by its watchdog; all present after restart`,
      );
    } finally {
      doc.destroy();
    }
    // What the server printed (both runs) holds none of the submitted personal values.
    const printed = first.output() + second.output();
    expect(printed).toContain('Waypoint is running');
    for (const value of [
      '+66 81 555 0101',
      'mango-sky',
      'Please call after the shop closes',
      'Wrong number, sorry',
    ])
      expect(printed.includes(value), value).toBe(false);

    // SIGKILL of the launcher (`npm start` itself): the server notices and stops in order, Java too.
    const secondServer = second.serverPid() as number;
    const secondJava = second.dynamoPid() as number;
    expect(secondServer).not.toBe(second.launcher.pid);
    second.launcher.kill('SIGKILL');
    await waitForExit(secondServer, 120_000);
    await waitForExit(secondJava, 120_000);

    // The next start comes up without any manual step, on the same ports and data.
    const restartedAt = Date.now();
    const third = await startLocalServer(setup, env);
    servers.push(third);
    console.info(
      `crash: up again ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the launcher was killed`,
    );
    const doc3 = createDocumentClient({ endpoint: third.dynamoEndpoint, region: 'local' });
    try {
      const items = await scanAll(doc3, 'waypoint-app');
      expect(itemsOf(items, 'REQ')).toHaveLength(acknowledged.length + unanswered.length);
    } finally {
      doc3.destroy();
    }
    const thirdJava = third.dynamoPid() as number;
    await third.stop();
    // A normal stop (Ctrl-C) ends DynamoDB Local too.
    await waitForExit(thirdJava, 120_000);
  }, 900_000); // three starts of the whole local portal, each up to minutes on a busy machine
});
