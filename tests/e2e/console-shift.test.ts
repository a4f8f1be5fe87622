import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { localFields, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';

const HANDLE = '+66 84 555 9876';
const TZ = 'Asia/Bangkok';

/** A safe window open now (Bangkok time), every day. */
function openNow() {
  const hour = localFields(TZ, Date.now()).hour;
  const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  return [{ days: [...WEEKDAYS], from: hh(hour - 1), to: hh(hour + 2) }];
}

describe('an operator shift in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '100' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  async function signIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/console`);
    // The local OpenID Connect provider's sign-in and consent pages.
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    await page.waitForURL(`${portal.baseUrl}/console`);
    return { context, page };
  }

  it('claim, extend, note, reload, unsafe to talk, hand over; another operator finds it by code', async () => {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `e2e-shift-${Date.now()}-abcdef`,
        consentCallback: true,
        formToken: agedFormToken(),
        channel: 'phone',
        handle: HANDLE,
        timeZone: TZ,
        safeWindows: openNow(),
        codeWord: 'orchid',
        country: 'TH',
        province: 'TH-50',
        languages: ['my'],
        ageBand: 'adult',
      }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const id = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    const store = new CaseworkStore(portal.doc, portal.appTableName);

    // A takes the request: the page says until when, in the helpline's zone, named.
    const a = await signIn('operator-a');
    const page = a.page;
    await page.goto(`${portal.baseUrl}/console/requests/${id}`);
    await page.click('button:has-text("Take this request")');
    await page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=claimed`);
    expect(await page.locator('.safe-card .handle').textContent()).toBe(HANDLE);
    const claimText = (await page.locator('.claim-panel').textContent()) ?? '';
    expect(claimText).toMatch(/You hold this request until .*GMT\+7.*\(\d+ min left\)/);
    expect(await page.locator('.facts-list').textContent()).toContain('Burmese');
    expect(await page.locator('.facts-list').textContent()).toContain('Chiang Mai, Thailand');

    // Extend while working.
    const before = (await store.get(id))?.claim?.until ?? 0;
    await page.click('button:has-text("Keep it longer")');
    await page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=extended`);
    expect(await page.locator('[data-done]').textContent()).toBe('Your hold was extended.');
    expect((await store.get(id))?.claim?.until ?? 0).toBeGreaterThan(before);

    // A note, then a reload: the reload repeats nothing (post/redirect/get).
    await page.fill('#note', 'Prefers Burmese; a relative may answer');
    await page.click('button:has-text("Add note")');
    await page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=note`);
    await page.reload();
    await page.reload();
    const notes = (await store.activity(id)).filter((x) => x.kind === 'NOTE');
    expect(notes).toHaveLength(1);
    expect(await page.locator('ul.activity li[data-kind="NOTE"]').count()).toBe(1);

    // Unsafe to talk: the card says not safe now and when the next try is.
    await page.check('#outcome-unsafe-to-talk');
    await page.click('button:has-text("Save attempt")');
    await page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=attempt`);
    const timing = page.locator('.safe-card .window-note');
    expect(await timing.getAttribute('data-timing')).toBe('not-safe-now');
    expect(await timing.textContent()).toMatch(/Not safe now.*Next try: .*GMT\+7/);

    // Give it back with a handover note.
    await page.fill('#handover', 'Unsafe at the first try: call in the next window, ask for the code word');
    await page.click('button:has-text("Give back to the queue")');
    await page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=released`);
    const released = await store.get(id);
    expect(released?.claim).toBeUndefined();
    const handover = (await store.activity(id)).filter((x) => x.handover);
    expect(handover).toHaveLength(1);
    expect(handover[0]?.ciphertext).toBeDefined();
    expect(handover[0]?.text).toBeUndefined();

    // B finds it by the reference code: status and history, no contact details.
    const b = await signIn('operator-b');
    await b.page.click('a:has-text("Find by code")');
    await b.page.fill('#find-code', code);
    await b.page.click('button:has-text("Find")');
    await b.page.waitForURL(`${portal.baseUrl}/console/requests/${id}?done=found`);
    const seen = await b.page.content();
    expect(seen).toContain('Status: Waiting');
    expect(await b.page.locator('ul.activity li[data-handover="1"]').textContent()).toContain(
      'call in the next window',
    );
    expect(await b.page.locator('ul.activity').textContent()).toContain('Unsafe to talk');
    expect(await b.page.locator('.safe-card').count()).toBe(0);
    for (const secret of ['84 555 9876', '845559876', 'orchid']) expect(seen).not.toContain(secret);
    expect(b.page.url()).not.toContain(code);
    for (const ctx of [a.context, b.context]) await ctx.close();
  });
});
