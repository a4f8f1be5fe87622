import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal } from '../support/portal.js';
import {
  apiLikeStatus,
  apiRequestBody,
  formSendBody,
  itemsOf,
  scanAll,
  sendForm,
} from '../support/requests.js';

/**
 * Load without loss: many clients submit callback requests at the same time, each a fixed number of
 * submissions, half through the JSON API and half through the HTML form, and some tap "send" twice
 * or retry after an answer. Every acknowledged request must be in the table exactly once, and no
 * request may be acknowledged as new twice. Counts and invariants only: how fast the portal takes
 * them is measured by `npm run bench`, never asserted here (a busy machine is slower, not wrong).
 */
const CLIENTS = 16;
const SUBMISSIONS_PER_CLIENT = 12;

interface Ack {
  key: string;
  status: number;
  code: string | undefined;
}

describe('reliability: load', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal({ RATE_LIMIT_SCALE: '100000' });
  });
  afterAll(async () => {
    await portal?.close();
  });

  async function submit(key: string, viaForm: boolean): Promise<Ack> {
    if (viaForm) {
      // The form answers with a redirect to the code page, which says whether the request is new.
      const sent = await sendForm(
        `${portal.baseUrl}/en/help/request`,
        formSendBody(portal.config.APP_SECRET as string, key),
      );
      return { key, status: apiLikeStatus(sent), code: sent.code };
    }
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(apiRequestBody(key)),
    });
    const json = (await res.json()) as { code?: string };
    return { key, status: res.status, code: json.code };
  }

  it(`${CLIENTS} clients × ${SUBMISSIONS_PER_CLIENT} submissions: every acknowledged request stored exactly once`, async () => {
    const acks: Ack[] = [];
    const run = randomBytes(4).toString('hex');
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let n = 0; n < SUBMISSIONS_PER_CLIENT; n++) {
          const key = `load-${run}-${client}-${n}-xxxxxxxx`;
          const viaForm = client % 2 === 1;
          if (n % 5 === 0) {
            // A double tap: the same submission twice at once.
            acks.push(...(await Promise.all([submit(key, viaForm), submit(key, viaForm)])));
          } else {
            acks.push(await submit(key, viaForm));
            // A retry after an answer that got lost on the way (the person presses send again).
            if (n % 7 === 0) acks.push(await submit(key, viaForm));
          }
        }
      }),
    );

    const keys = new Set(acks.map((a) => a.key));
    expect(keys.size).toBe(CLIENTS * SUBMISSIONS_PER_CLIENT);
    // Every answer is an acknowledgement (201 new, 200 the same request again) with a code.
    expect(acks.filter((a) => a.status !== 201 && a.status !== 200)).toEqual([]);
    expect(acks.filter((a) => !a.code)).toEqual([]);

    const byKey = new Map<string, Ack[]>();
    for (const a of acks) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
    const codes = new Map<string, string>();
    for (const [key, answers] of byKey) {
      // Acknowledged as new exactly once, and every answer for the key names the same request.
      expect(
        answers.filter((a) => a.status === 201),
        key,
      ).toHaveLength(1);
      expect(new Set(answers.map((a) => a.code)).size, key).toBe(1);
      codes.set(key, answers[0]?.code as string);
    }
    // Different submissions never share a reference code.
    expect(new Set(codes.values()).size).toBe(keys.size);

    // The table holds exactly one request per acknowledged key, and every part of it.
    const items = await scanAll(portal.doc, portal.appTableName);
    const idemp = new Map(itemsOf(items, 'IDEMP').map((i) => [String(i.pk).slice(6), i]));
    const codeItems = new Map(itemsOf(items, 'CODE').map((i) => [String(i.pk).slice(5), i]));
    const requests = new Set(itemsOf(items, 'REQ').map((i) => String(i.pk).slice(4)));
    const personal = new Set(itemsOf(items, 'PII').map((i) => String(i.pk).slice(4)));
    expect(requests.size).toBe(keys.size);
    expect(idemp.size).toBe(keys.size);
    expect(personal.size).toBe(keys.size);
    for (const [key, code] of codes) {
      const marker = idemp.get(key);
      expect(marker?.code, key).toBe(code);
      const requestId = marker?.requestId as string;
      expect(codeItems.get(code)?.requestId, code).toBe(requestId);
      expect(requests.has(requestId), requestId).toBe(true);
      expect(personal.has(requestId), requestId).toBe(true);
    }
    console.info(
      `load: ${acks.length} submissions (${keys.size} distinct, ${acks.length - keys.size} double taps or retries) from ${CLIENTS} clients; ${requests.size} requests stored`,
    );
  }, 120_000);
});
