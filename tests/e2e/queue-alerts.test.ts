import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localFields, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';

const TZ = 'Asia/Bangkok';
const HANDLE = '+66 84 555 1212';
/** Shortened for the test (defaults 20 and 60): the mechanism is what is tested, not the speed. */
const POLL_SECONDS = 2;
const REFRESH_SECONDS = 3;
/** Generous: the acceptance is "within 60 s"; a busy machine may take longer to start a page. */
const WAIT_MS = 90_000;

/** A safe window open now (Bangkok time), every day. */
function openNow() {
  const hour = localFields(TZ, Date.now()).hour;
  const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  return [{ days: [...WEEKDAYS], from: hh(hour - 1), to: hh(hour + 2) }];
}

const countIn = (title: string) => Number(/^\((\d+)\) /.exec(title)?.[1] ?? 0);

describe('new urgent requests reach an open queue page', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let seq = 0;

  beforeAll(async () => {
    portal = await startFullPortal({
      RATE_LIMIT_SCALE: '100',
      QUEUE_ALERT_SECONDS: String(POLL_SECONDS),
      QUEUE_REFRESH_SECONDS: String(REFRESH_SECONDS),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  /** An urgent request through the public path (in danger now), contactable now. */
  async function urgentRequest(languages: string[]) {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `e2e-alerts-${Date.now()}-${seq++}-abcdef`,
        consentCallback: true,
        formToken: agedFormToken(),
        channel: 'phone',
        handle: HANDLE,
        timeZone: TZ,
        safeWindows: openNow(),
        codeWord: 'jasmine',
        country: 'TH',
        languages,
        ageBand: 'adult',
        dangerNow: true,
      }),
    });
    expect(res.status).toBe(201);
  }

  async function signIn(login: string, javaScriptEnabled: boolean) {
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled });
    const page: Page = await context.newPage();
    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    await page.waitForURL(`${portal.baseUrl}/console`, { timeout: WAIT_MS });
    return { context, page };
  }

  it('with JavaScript: banner and tab title count without a reload; sound off unless chosen', async () => {
    const { context, page } = await signIn('operator-a', true);
    expect(await page.title()).toBe('Requests to contact · Waypoint');
    // A mark on this very document: a reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { stayed: number }).stayed = 1;
    });
    // The sound switch appears with JavaScript, off by default; the choice stays in this browser.
    const sound = page.locator('#alert-sound');
    expect(await sound.isVisible()).toBe(true);
    expect(await sound.isChecked()).toBe(false);
    await sound.check();
    expect(await page.evaluate(() => localStorage.getItem('waypoint-console-alert-sound'))).toBe('1');

    await urgentRequest(['my']);
    await page.waitForFunction(() => document.title.startsWith('(1) '), undefined, { timeout: WAIT_MS });
    expect(await page.title()).toBe('(1) Requests to contact · Waypoint');
    const banner = page.locator('#urgent-alerts [role="status"] .alert-banner');
    await banner.waitFor({ timeout: WAIT_MS });
    expect(await banner.textContent()).toBe(
      'New urgent requests you can take: 1. Show them (reloads the list)',
    );
    // The page with its banner and sound switch shown passes axe-core too.
    expect(describeViolations(await axeViolations(page))).toBe('');
    // Nothing personal in what the page was told.
    const html = await page.content();
    for (const secret of ['84 555 1212', 'jasmine']) expect(html).not.toContain(secret);
    // Longer than the no-JavaScript refresh: this page was never reloaded.
    await page.waitForTimeout(REFRESH_SECONDS * 1000 + 1000);
    expect(await page.evaluate(() => (window as unknown as { stayed?: number }).stayed)).toBe(1);

    // "Show them" reloads the queue: the request is in the list, the banner is gone, the count stays.
    await page.click('#urgent-alerts .alert-banner a');
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { stayed?: number }).stayed)).toBeUndefined();
    expect(await page.title()).toBe('(1) Requests to contact · Waypoint');
    expect(await page.locator('#urgent-alerts .alert-banner').count()).toBe(0);
    await context.close();
  });

  it('without JavaScript: a meta refresh that keeps the filters, and the count in the title after it', async () => {
    const { context, page } = await signIn('operator-b', false);
    await page.goto(`${portal.baseUrl}/console?language=my`);
    const before = countIn(await page.title());
    const refresh = page.locator('head meta[http-equiv="refresh"]');
    // Marked as an automatic reload, which does not keep the session alive (staff-sessions.test.ts).
    expect(await refresh.getAttribute('content')).toBe(`${REFRESH_SECONDS};url=/console?language=my&auto=1`);
    expect(await page.locator('#alert-sound').isVisible()).toBe(false);

    await urgentRequest(['my']);
    // The page reloads itself (same address, filters kept) and the title counts the new one.
    await expect
      .poll(async () => countIn(await page.title()), { timeout: WAIT_MS, interval: 500 })
      .toBe(before + 1);
    expect(page.url()).toBe(`${portal.baseUrl}/console?language=my&auto=1`);
    expect(await page.title()).toBe(`(${before + 1}) Requests to contact · Waypoint`);
    await context.close();
  });
});
