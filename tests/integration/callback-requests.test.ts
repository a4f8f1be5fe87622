import { agedFormToken } from '../support/requests.js';
import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiDecryptor, encryptOnlyKeyring, localKeyring } from '../../functions/data/pii-crypto.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { PII_PURPOSE } from '../../functions/services/callback-requests.js';
import { startPortal } from '../support/portal.js';

let seq = 0;
const key = () => `it-key-${Date.now()}-${seq++}-abcdefgh`;

function body(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: key(),
    consentCallback: true,
    formToken: agedFormToken(),
    channel: 'whatsapp',
    handle: '+66 81 555 0101',
    timeZone: 'Asia/Bangkok',
    safeWindows: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], from: '18:00', to: '21:00' }],
    codeWord: 'mango-sky',
    ifSomeoneElseAnswers: 'Wrong number, sorry',
    message: 'Please call after the shop closes',
    country: 'TH',
    ...overrides,
  };
}

describe('callback requests against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let store: RequestStore;
  const post = (path: string, json: unknown) =>
    fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });

  beforeAll(async () => {
    portal = await startPortal({ RATE_LIMIT_SCALE: '1000' });
    store = new RequestStore(portal.doc, portal.appTableName);
  });
  afterAll(async () => {
    await portal.close();
  });

  async function allRequestItems() {
    const items: Record<string, unknown>[] = [];
    for (const priority of [1, 2, 3]) {
      const page = await portal.doc.send(
        new QueryCommand({
          TableName: portal.appTableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `QUEUE#${priority}` },
        }),
      );
      items.push(...(page.Items ?? []));
    }
    return items;
  }

  it('stores a request, returns a code, and keeps contact details only as ciphertext', async () => {
    const res = await post('/api/public/requests', body({ pin: '2580' }));
    expect(res.status).toBe(201);
    const { code, pinSet } = (await res.json()) as { code: string; pinSet: boolean };
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(pinSet).toBe(true);

    const codeItem = await store.getCode(code);
    const request = await store.get(codeItem?.requestId as string);
    expect(request?.priority).toBe(3);
    const raw = JSON.stringify([request, await store.rawPersonalItem(request?.id as string), codeItem]);
    for (const secret of ['81 555 0101', '815550101', 'mango-sky', 'Wrong number', 'shop closes'])
      expect(raw).not.toContain(secret);

    // Only a keyring that may decrypt (the console's) can read it back, and only for this request.
    const pii = await store.rawPersonalItem(request?.id as string);
    const keyFile = portal.config.PII_KEY_FILE as string;
    const decrypted = await createPiiDecryptor(localKeyring(keyFile)).decrypt(pii?.ciphertext as string, {
      requestId: request?.id as string,
      purpose: PII_PURPOSE,
    });
    expect(decrypted).toMatchObject({ handle: '+66 81 555 0101', codeWord: 'mango-sky' });
    await expect(
      createPiiDecryptor(encryptOnlyKeyring(localKeyring(keyFile))).decrypt(pii?.ciphertext as string, {
        requestId: request?.id as string,
        purpose: PII_PURPOSE,
      }),
    ).rejects.toThrow(/not allowed/);
    expect(readFileSync(keyFile).length).toBe(32);
  });

  it('the public app has no code path that decrypts', () => {
    const sources = [
      'functions/http/public-app.tsx',
      'functions/public-deps.ts',
      'functions/public-services.ts',
      'functions/services/callback-requests.ts',
      'functions/http/routes/request-routes.tsx',
      'functions/http/routes/request-api-routes.ts',
    ];
    for (const file of sources)
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/createPiiDecryptor|\.decrypt\(/);
    expect(readFileSync('functions/public-services.ts', 'utf8')).toMatch(/encryptOnlyKeyring\(/);
  });

  it('files "in danger now" and children at top priority', async () => {
    const danger = (await (await post('/api/public/requests', body({ dangerNow: true }))).json()) as {
      code: string;
    };
    const child = (await (await post('/api/public/requests', body({ ageBand: 'not-sure' }))).json()) as {
      code: string;
    };
    for (const { code } of [danger, child]) {
      const record = await store.getCode(code);
      expect((await store.get(record?.requestId as string))?.priority).toBe(1);
    }
  });

  it('20 concurrent submissions with the same idempotency key create exactly one request', async () => {
    const before = (await allRequestItems()).length;
    const same = body();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('/api/public/requests', same)));
    const statuses = responses.map((r) => r.status);
    const codes = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { code: string }).code)),
    );
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.size).toBe(1);
    expect((await allRequestItems()).length).toBe(before + 1);
  });

  it('1,000 random bodies get only 2xx or 4xx, and no invalid body creates an item', async () => {
    const before = (await allRequestItems()).length;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              channel: fc.string(),
              handle: fc.string(),
              consentCallback: fc.anything(),
              idempotencyKey: fc.string(),
            },
            { requiredKeys: [] },
          ),
          fc.dictionary(
            fc.constantFrom('__proto__', 'constructor', 'channel', 'safeWindows', 'timeZone', 'ageBand'),
            fc.anything(),
          ),
          fc.record({
            ...Object.fromEntries(Object.entries(body()).map(([k, v]) => [k, fc.constant(v)])),
            timeZone: fc.string(),
            handle: fc.string({ maxLength: 300 }),
          }),
        ),
        async (payload) => {
          const res = await post('/api/public/requests', payload);
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) created++;
        },
      ),
      { numRuns: 1000 },
    );
    expect((await allRequestItems()).length).toBe(before + created);
    // Only the last arbitrary (valid except timeZone and handle) could ever pass; anything stored is valid.
    for (const item of (await allRequestItems()).slice(before)) expect(item.timeZone).toBeTruthy();
  }, 120_000);

  it('rejects malformed JSON and oversized bodies with 4xx', async () => {
    const bad = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"channel":',
    });
    expect(bad.status).toBe(400);
    const big = await post('/api/public/requests', body({ message: 'x'.repeat(20_000) }));
    expect(big.status).toBe(413);
  });

  it('status, change of safe times, withdrawal and deletion with code + PIN', async () => {
    const { code } = (await (await post('/api/public/requests', body({ pin: '4071' }))).json()) as {
      code: string;
    };
    const requestId = (await store.getCode(code))?.requestId as string;
    expect(await (await post('/api/public/requests/status', { code, pin: '4071' })).json()).toEqual({
      status: 'received',
    });

    const update = await post('/api/public/requests/update', {
      code,
      pin: '4071',
      when: { timeZone: 'Asia/Yangon', safeWindows: [{ days: ['sa'], from: '08:00', to: '09:00' }] },
    });
    expect(update.status).toBe(200);
    expect((await store.get(requestId))?.safeWindows).toEqual([{ days: ['sa'], from: '08:00', to: '09:00' }]);

    expect((await post('/api/public/requests/withdraw', { code, pin: '4071' })).status).toBe(200);
    expect(await store.rawPersonalItem(requestId)).toBeUndefined();
    expect((await store.get(requestId))?.status).toBe('withdrawn');
    expect(await (await post('/api/public/requests/status', { code, pin: '4071' })).json()).toEqual({
      status: 'closed',
    });

    expect(
      (await post('/api/public/requests/withdraw', { code, pin: '4071', deleteData: true })).status,
    ).toBe(200);
    expect(await store.getCode(code)).toBeUndefined();
    const remaining = await store.get(requestId);
    expect(remaining?.safeWindows).toBeUndefined();
    expect(remaining?.country).toBe('TH');
  });

  it('locks a code after wrong PINs, refuses even the right PIN, and looks the same as an unknown code', async () => {
    const { code } = (await (await post('/api/public/requests', body({ pin: '7391' }))).json()) as {
      code: string;
    };
    const answers: { status: number; text: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/public/requests/status', { code, pin: '0000' });
      answers.push({ status: r.status, text: await r.text() });
    }
    const locked = await post('/api/public/requests/status', { code, pin: '7391' });
    const unknown = await post('/api/public/requests/status', { code: 'AAAA-AAAA', pin: '7391' });
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(locked.status).toBe(401);
    expect(unknown.status).toBe(401);
    const lockedText = await locked.text();
    expect(lockedText).toBe(await unknown.text());
    expect(lockedText).toBe(answers[0]?.text);
    const state = await store.getCode(code);
    expect(state?.lockedUntil).toBeGreaterThan(Date.now());
  });

  it('the HTML form answers an invalid step with translated messages and stores nothing', async () => {
    const before = (await allRequestItems()).length;
    const res = await fetch(`${portal.baseUrl}/th/help/request`, {
      method: 'POST',
      body: new URLSearchParams({
        idem: key(),
        step: 'contact',
        action: 'next',
        channel: 'phone',
        handle: 'abc',
      }),
    });
    // Post/redirect/get: the same step again, at its own address, with the message at the field
    // and in the error summary, and "Error:" in the title.
    expect(res.redirected).toBe(true);
    expect(res.url).toMatch(/\/th\/help\/request\/[\w-]+\.[\w-]+\/contact$/);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="error" id="handle-error"');
    expect(html).toContain('<a href="#handle">');
    expect(html).toMatch(/<title>ข้อผิดพลาด: /);
    expect(html).toContain('value="abc"');
    expect(html).toContain('<html lang="th"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await allRequestItems()).length).toBe(before);
  });
});
