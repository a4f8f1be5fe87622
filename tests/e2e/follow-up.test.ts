import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { FollowUpStore } from '../../functions/data/followup-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { Erasure } from '../../functions/services/erasure.js';
import { FollowUps } from '../../functions/services/followups.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';

describe('follow-up check-ins in Chromium with JavaScript off', () => {
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

  function jobAt(now: Date) {
    const requests = new RequestStore(portal.doc, portal.appTableName);
    const store = new FollowUpStore(portal.doc, portal.appTableName);
    const casework = new CaseworkStore(portal.doc, portal.appTableName);
    return new FollowUps({
      store,
      casework,
      requests: requests,
      erasure: new Erasure({ requests: requests, casework, followUps: store, now: () => now }),
      encrypt: async () => {
        throw new Error('jobs do not encrypt');
      },
      retentionDays: 30,
      now: () => now,
      randomBytes: (n) => new Uint8Array(n),
    });
  }

  async function signIn(login: string): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    // Without JavaScript the "continue" page is followed by its meta refresh or its link.
    if (!page.url().endsWith('/console')) await page.click('a[href="/console"]');
    await page.waitForURL(`${portal.baseUrl}/console`);
    return page;
  }

  it('opt in, PIN, pause and resume, check-in in the queue, outcome recorded, due again later, stop', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/en/follow-up`);
    await page.check('#channel-line');
    await page.fill('#handle', 'quiet_lotus_77');
    await page.check('#rhythm-monthly');
    await page.check('#duration-6');
    for (const d of ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']) await page.check(`#w1days-${d}`);
    await page.selectOption('#w1from', '00:00');
    await page.selectOption('#w1to', '23:00');
    await page.check('#consent');
    await page.click('button:has-text("Start check-ins")');
    expect(await page.locator('h1').textContent()).toBe('Check-ins are set up');
    const code = (await page.locator('.reference-code').textContent())?.trim() as string;
    await page.fill('#pin', '5829');
    await page.fill('#pin2', '5829');
    await page.click('button:has-text("Save my PIN")');
    expect(await page.locator('h1').textContent()).toBe('Your PIN is saved');

    const followupId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))
      ?.followupId as string;
    const store = new FollowUpStore(portal.doc, portal.appTableName);

    // Manage: pause, resume, ask for contact now.
    await page.goto(`${portal.baseUrl}/en/follow-up/manage`);
    await page.fill('#code', code);
    await page.fill('#pin', '5829');
    await page.click('button[type="submit"]');
    expect(await page.locator('.lead').textContent()).toBe('Check-ins are on.');
    await page.click('button:has-text("Pause check-ins")');
    expect(await page.locator('.lead').textContent()).toBe('Check-ins are paused.');
    expect((await store.get(followupId))?.nextDueAt).toBeUndefined();
    await page.click('button:has-text("Start check-ins again")');
    expect(await page.locator('.lead').textContent()).toBe('Check-ins are on.');
    await page.click('button:has-text("Ask for contact now")');
    expect(await page.locator('.note[role="status"]').textContent()).toContain('next safe time');

    // The operator finds the check-in in the queue, sees the contact card and records the check-in.
    const operator = await signIn('operator-a');
    const row = operator.locator('tr[data-request]', { hasText: 'Follow-up' }).first();
    await row.locator('a').click();
    await operator.click('button:has-text("Take this request")');
    expect(await operator.locator('.safe-card .handle').textContent()).toBe('quiet_lotus_77');
    // The person was reached; the check-in is closed with an outcome ("helped" needs an attempt).
    await operator.check('#outcome-reached');
    await operator.click('button:has-text("Save attempt")');
    await operator.check('#continue-yes');
    await operator.selectOption('#checkin-reason', 'helped');
    await operator.click('summary:has-text("Self-assessment")');
    await operator.check('#sa-consent');
    await operator.selectOption('#sa-safe-living', 'better');
    await operator.click('button:has-text("Save check-in")');
    expect((await store.get(followupId))?.history).toHaveLength(1);
    // The next check-in card shows this one, so nobody asks again what is known.
    await page.click('button:has-text("Ask for contact now")');
    await operator.goto(`${portal.baseUrl}/console`);
    await operator.locator('tr[data-request]', { hasText: 'Follow-up' }).first().locator('a').click();
    await operator.click('button:has-text("Take this request")');
    expect(await operator.locator('#checkin-title + ul.activity li').count()).toBe(1);
    await operator.check('#continue-yes');
    await operator.selectOption('#checkin-reason', 'no-longer-needed');
    await operator.click('button:has-text("Save check-in")');
    expect((await store.get(followupId))?.history).toHaveLength(2);

    // A month later the scheduled job puts the next check-in into the queue.
    const due = Date.parse((await store.get(followupId))?.nextDueAt as string);
    const later = new Date(due + 60_000);
    await jobAt(later).runDue();
    const queued = async (at: Date) =>
      (await new CaseworkStore(portal.doc, portal.appTableName).queue(3, at.toISOString(), true)).filter(
        (r) => r.followupId === followupId && r.status === 'new',
      );
    expect(await queued(later)).toHaveLength(1);

    // Stop: the door stays open, the contact details are gone, the queued check-in leaves the
    // queue and nothing more is queued.
    await page.click('button:has-text("Stop check-ins")');
    // Stopping asks first, on a page of its own that says what stops; nothing stopped yet.
    expect(await page.locator('h1').textContent()).toBe('Stop check-ins?');
    expect(await store.personalCiphertext(followupId)).toBeDefined();
    await page.click('button:has-text("Yes, stop check-ins")');
    expect(await page.locator('.note[role="status"]').textContent()).toContain('door stays open');
    expect(await store.personalCiphertext(followupId)).toBeUndefined();
    const muchLater = new Date(due + 100 * 86_400_000);
    await jobAt(muchLater).runDue();
    expect(await queued(muchLater)).toHaveLength(0);
    await context.close();
  });
});
