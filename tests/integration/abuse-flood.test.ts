import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../functions/data/request-store.js';
import { BURST_AFTER, LIMITS } from '../../functions/http/abuse.js';
import { issueFormToken } from '../../functions/services/action-token.js';
import { CallbackRequests } from '../../functions/services/callback-requests.js';
import { CallbackRequestSchema } from '../../functions/domain/requests/request.js';
import type { StaffIdentity } from '../../functions/domain/console/roles.js';
import { startFullPortal } from '../support/portal.js';
import {
  agedFormToken,
  apiRequestBody,
  apiLikeStatus,
  formSendBody,
  sendForm,
  referenceCodeIn,
  scanAll,
  TEST_APP_SECRET,
} from '../support/requests.js';

/**
 * One client (127.0.0.1) floods every public write that can put something in front of an operator:
 * follow-up actions and request intake (form and JSON). The limits hold, counted in stored items
 * (never in rates or timings), and the console queue still lists every real request after a flood
 * of low-priority items.
 */
describe('a flood from one client', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  const supervisor: StaffIdentity = {
    sub: 'sup-1',
    name: 'Supervisor',
    roles: ['supervisor', 'operator'],
    childProtection: true,
  } as StaffIdentity;

  beforeAll(async () => {
    portal = await startFullPortal();
    // Limits count in fixed windows: do not start the counting tests just before a window ends.
    const toEdge = 3_600_000 - (Date.now() % 3_600_000);
    if (toEdge < 90_000) await new Promise((r) => setTimeout(r, toEdge + 1000));
  }, 180_000);
  afterAll(async () => {
    await portal.close();
  });

  const post = (path: string, body: URLSearchParams | object) =>
    fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      ...(body instanceof URLSearchParams
        ? { body }
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const requests = async () => (await scanAll(portal.doc, portal.appTableName)).filter((i) => i.sk === 'REQ');
  const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] as string;

  it('follow-up actions: tokens work once, "contact me now" and other changes are limited per code', async () => {
    // Opt in on its own (a new code), then set the PIN, as a person would.
    const idem = `flood-fu-${Date.now()}-abcdefgh`;
    const form = new URLSearchParams({
      idem,
      channel: 'whatsapp',
      handle: '+66 86 123 4567',
      rhythm: 'monthly',
      duration: '6',
      tz: 'Asia/Bangkok',
      consent: 'yes',
      w1from: '00:00',
      w1to: '23:59',
    });
    for (const d of ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']) form.append('w1days', d);
    const optIn = await post('/en/follow-up', form);
    expect(optIn.status).toBe(201);
    const code = referenceCodeIn(await optIn.text()) as string;
    const pin = '4826';
    expect(
      (await post('/en/help/pin', new URLSearchParams({ code, token: idem, pin, pin2: pin }))).status,
    ).toBe(200);
    const followupId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.followupId;
    const checkIns = async () => (await requests()).filter((r) => r.followupId === followupId).length;

    const page = await post('/en/follow-up/manage', new URLSearchParams({ code, pin }));
    expect(page.status).toBe(200);
    let token = tokenIn(await page.text());

    // The same action token sent 10 times at once: exactly one is accepted.
    const replays = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/en/follow-up/manage/contact-now', new URLSearchParams({ token })),
      ),
    );
    const accepted = replays.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    expect(replays.filter((r) => r.status === 401)).toHaveLength(9);
    expect(await checkIns()).toBe(1);
    token = tokenIn(await (accepted[0] as Response).text());

    // Each page gives a fresh token: following them, "contact me now" still reaches the queue only
    // LIMITS.contactNow.limit times for this code.
    // Every action sent counts towards the per-code limit, the refused replays too.
    let codeHits = 10;
    for (let i = 0; i < 6; i++) {
      const res = await post('/en/follow-up/manage/contact-now', new URLSearchParams({ token }));
      expect(res.status).toBe(200);
      codeHits++;
      token = tokenIn(await res.text());
    }
    expect(await checkIns()).toBe(LIMITS.contactNow.limit);

    // Any other change is limited per code too: after LIMITS.actionPerCode.limit actions, 429.
    const statuses: number[] = [];
    for (let i = codeHits; i < LIMITS.actionPerCode.limit + 3; i++) {
      const res = await post('/en/follow-up/manage/resume', new URLSearchParams({ token }));
      statuses.push(res.status);
      if (res.status !== 200) break;
      token = tokenIn(await res.text());
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.actionPerCode.limit - codeHits);
    expect(statuses.at(-1)).toBe(429);
    expect(await checkIns()).toBe(LIMITS.contactNow.limit);
  });

  it('request intake, form and JSON together: honeypot, fill time, single-use tokens, one limit', async () => {
    const before = (await requests()).length;
    let seq = 0;
    const key = () => `flood-req-${Date.now()}-${seq++}-abcdefgh`;

    // Caught before the limit is counted, and nothing is stored.
    const fast = await post('/api/public/requests', {
      ...apiRequestBody(key()),
      formToken: issueFormToken(TEST_APP_SECRET, new Date()),
    });
    expect(fast.status).toBe(400);
    expect(((await fast.json()) as { error: { code: string } }).error.code).toBe('try_again');
    expect((await post('/api/public/requests', { ...apiRequestBody(key()), website: 'x' })).status).toBe(400);
    expect((await post('/api/public/requests', { ...apiRequestBody(key()), formToken: '' })).status).toBe(
      400,
    );
    // The HTML form sent at once is shown again with a FRESH token: sending that again at once fails too.
    const tooFast = await post(
      '/en/help/request',
      formSendBody(TEST_APP_SECRET, key(), { started: issueFormToken(TEST_APP_SECRET, new Date()) }),
    );
    expect(tooFast.status).toBe(400);
    const reissued = /name="started" value="([^"]+)"/.exec(await tooFast.text())?.[1] as string;
    expect(
      (await post('/en/help/request', formSendBody(TEST_APP_SECRET, key(), { started: reissued }))).status,
    ).toBe(400);
    expect((await requests()).length).toBe(before);

    // One token admits one request: the same key again is the same request, another key is refused.
    const token = agedFormToken();
    const firstKey = key();
    expect(
      (await post('/api/public/requests', { ...apiRequestBody(firstKey), formToken: token })).status,
    ).toBe(201);
    expect(
      (await post('/api/public/requests', { ...apiRequestBody(firstKey), formToken: token })).status,
    ).toBe(200);
    expect((await post('/api/public/requests', { ...apiRequestBody(key()), formToken: token })).status).toBe(
      400,
    );
    // Hits on the submit limit so far: the follow-up opt-in above, and these three.
    let hits = 1 + 3;

    // The flood: form and JSON alternate, one client, far more than the limit.
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMITS.submit.limit; i++) {
      const res =
        i % 2 === 0
          ? apiLikeStatus(
              await sendForm(`${portal.baseUrl}/en/help/request`, formSendBody(TEST_APP_SECRET, key())),
            )
          : (await post('/api/public/requests', apiRequestBody(key()))).status;
      statuses.push(res);
      hits++;
    }
    const stored = LIMITS.submit.limit - (1 + 3);
    expect(statuses.filter((s) => s === 201)).toHaveLength(stored);
    expect(statuses.filter((s) => s === 429)).toHaveLength(hits - LIMITS.submit.limit);
    const after = await requests();
    expect(after.length).toBe(before + 1 + stored);
    // Requests after the BURST_AFTER-th from this key carry the anonymous burst mark, and no address.
    const marked = after.filter((r) => r.burst === true);
    expect(marked).toHaveLength(LIMITS.submit.limit - Math.max(BURST_AFTER, 1 + 3));
    for (const r of after) expect(JSON.stringify(r)).not.toContain('127.0.0.1');
    const workload = await portal.consoleDeps.casework.workload(supervisor);
    expect(workload.burst).toBe(marked.length);
  });

  it('the queue lists every real request after a flood of more than 100 low-priority items', async () => {
    // The flood goes straight to the service (the HTTP limits above would stop it): 130 English
    // priority-3 requests, contactable now.
    const service = new CallbackRequests({
      store: new RequestStore(portal.doc, portal.appTableName),
      erasure: {
        cancelRequest: () => Promise.reject(new Error('not used by the flood')),
        deleteRequestData: () => Promise.reject(new Error('not used by the flood')),
      },
      encrypt: async () => 'ciphertext',
      hashPin: async (p) => p,
      verifyPin: async () => false,
      retentionDays: 30,
      now: () => new Date(Date.now() - 60_000),
      randomBytes: (n) => randomBytes(n),
    });
    const flood = 130;
    for (let i = 0; i < flood; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          service.submit(
            CallbackRequestSchema.parse({
              ...apiRequestBody(`flood-q-${i + j}-${Date.now()}-abcdefgh`),
              safeWindows: [],
              languages: ['en'],
            }),
            'en',
          ),
        ),
      );

    // Then the real ones, from people on other connections (this client is over its limit by now,
    // so they are stored through the service like the flood).
    expect((await post('/api/public/requests', apiRequestBody(`late-${Date.now()}-abcdefgh`))).status).toBe(
      429,
    );
    const burmese = await service.submit(
      CallbackRequestSchema.parse({
        ...apiRequestBody(`real-my-${Date.now()}-abcdefgh`),
        safeWindows: [],
        languages: ['my'],
      }),
      'my',
    );
    const danger = await service.submit(
      CallbackRequestSchema.parse({
        ...apiRequestBody(`real-dn-${Date.now()}-abcdefgh`),
        safeWindows: [],
        dangerNow: true,
      }),
      'en',
    );
    const store = new RequestStore(portal.doc, portal.appTableName);
    const idOf = async (code: string) => (await store.getCode(code))?.requestId as string;
    const burmeseId = await idOf(burmese.code);
    const dangerId = await idOf(danger.code);

    const casework = portal.consoleDeps.casework;
    // Filtered by Burmese: the one Burmese request is there, on page 1.
    const mine = await casework.queue(supervisor, { language: 'my' });
    expect(mine.due.map((e) => e.request.id)).toContain(burmeseId);
    expect(mine.paging.due.total).toBe(1);

    // Unfiltered: every page together lists every open, contactable request exactly once.
    const open = (await requests()).filter((r) => r.status === 'new' && r.kind !== 'check-in');
    const first = await casework.queue(supervisor);
    expect(first.due[0]?.request.id).toBe(dangerId);
    const seen: string[] = [];
    for (let p = 1; p <= first.paging.due.pages; p++)
      seen.push(...(await casework.queue(supervisor, {}, { due: p })).due.map((e) => e.request.id));
    expect(first.paging.due.total).toBeGreaterThan(flood);
    expect(seen).toHaveLength(first.paging.due.total);
    expect(new Set(seen).size).toBe(seen.length);
    for (const r of open)
      if (Date.parse(r.nextContactableAt as string) <= Date.now()) expect(seen).toContain(r.id);
    expect(seen).toContain(burmeseId);

    // The console page itself, signed in: the Burmese filter shows the request, and the pager.
    const session = await portal.consoleDeps.sessions.create({ ...supervisor, locale: 'en' } as never, 3600);
    const page = await fetch(`${portal.baseUrl}/console?language=my`, {
      headers: { cookie: `wp_session=${session.id}` },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`data-request="${burmeseId}"`);
    expect(html).not.toContain(`data-request="${dangerId}"`);
    const all = await (
      await fetch(`${portal.baseUrl}/console?page=${first.paging.due.pages}`, {
        headers: { cookie: `wp_session=${session.id}` },
      })
    ).text();
    expect(all).toContain(`Page ${first.paging.due.pages} of ${first.paging.due.pages}`);
  }, 120_000);
});
