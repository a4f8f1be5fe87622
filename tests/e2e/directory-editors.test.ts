import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { ReportStore } from '../../functions/data/report-store.js';
import { formatDate } from '../../web/components/format.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';

/**
 * The directory editors' area in Chromium, signed in through the real local OpenID Connect
 * provider: a Thai text reviewed and the listing verified reach the public Thai page within
 * DIRECTORY_CHECK_SECONDS; public problem reports reach the inbox, resolving one records who and
 * when, and a supervisor sees the "treated badly" ones.
 */
describe('directory editors in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let reports: ReportStore;
  const CHECK_SECONDS = 2;

  beforeAll(async () => {
    portal = await startFullPortal({
      RATE_LIMIT_SCALE: '100',
      DIRECTORY_CHECK_SECONDS: String(CHECK_SECONDS),
    });
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    reports = new ReportStore(portal.doc, portal.appTableName);
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
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    // Operators and supervisors land on the queue, editors on the directory.
    await page.waitForURL(
      (u) => u.href.startsWith(`${portal.baseUrl}/console`) && !u.pathname.startsWith('/console/auth'),
    );
    return { context, page };
  }

  /** Polls until `check` holds; generous, as the machine may be busy. */
  async function eventually(check: () => Promise<boolean>, seconds = 60): Promise<boolean> {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return check();
  }

  it('an editor reviews a Thai description and verifies the listing; the public Thai page shows both', async () => {
    const { context, page } = await signIn('editor');
    await page.waitForURL(`${portal.baseUrl}/console/directory`);
    await page.fill('input[name="q"]', 'North Safe Stay');
    await page.click('form.filters button[type="submit"]');
    await page.click('a:has-text("North Safe Stay")');
    await page.waitForURL(`${portal.baseUrl}/console/directory/services/th-shelter`);

    const newText = 'ห้องพักปลอดภัยสำหรับคืนนี้ ตรวจโดยผู้แปลแล้ว';
    await page.fill('textarea[name="text.description.th"]', newText);
    await page.selectOption('select[name="status.description.th"]', 'reviewed');
    await page.click('form[action$="/texts"] button[type="submit"]');
    await page.waitForURL(/\?saved=1/);
    expect(await page.locator('[role="status"]').textContent()).toBe('Saved.');
    expect(await page.locator('label[for="text.description.th"]').textContent()).toContain('th · reviewed');

    await page.click('button:has-text("Verified today")');
    await page.waitForURL(/\?saved=1/);
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.content()).toContain(`${today} (`);
    await context.close();

    // The public Thai page, reloaded as a reader would, within DIRECTORY_CHECK_SECONDS.
    const reader = await browser.newContext();
    const publicPage = await reader.newPage();
    const shown = await eventually(async () => {
      await publicPage.goto(`${portal.baseUrl}/th/services/th-shelter`);
      const html = await publicPage.content();
      return html.includes(newText) && html.includes(formatDate(today, 'th'));
    });
    expect(shown).toBe(true);
    await reader.close();
  });

  it('a "number did not work" report reaches the inbox, resolving records who and when; a supervisor sees "treated badly"', async () => {
    const reader = await browser.newContext();
    const publicPage = await reader.newPage();
    const report = async (reason: string, message: string) => {
      await publicPage.goto(`${portal.baseUrl}/en/services/th-clinic/report`);
      await publicPage.check(`input[name="reason"][value="${reason}"]`);
      await publicPage.fill('textarea[name="message"]', message);
      await publicPage.click('form button[type="submit"]');
      await publicPage.waitForLoadState();
    };
    await report('number-not-working', 'Nobody answered the first number.');
    await report('treated-badly', 'The guard shouted at me.');
    await reader.close();
    const open = await reports.listOpen();
    const numberReport = open.find((r) => r.reason === 'number-not-working');
    const badlyReport = open.find((r) => r.reason === 'treated-badly');
    expect(numberReport && badlyReport).toBeTruthy();

    const editor = await signIn('editor');
    await editor.page.goto(`${portal.baseUrl}/console/directory/reports`);
    const form = editor.page.locator(`form[action="/console/directory/reports/${numberReport?.id}/close"]`);
    expect(await editor.page.content()).toContain('Nobody answered the first number.');
    await form.locator('input[name="note"]').fill('Called them: the number is fixed.');
    await form.locator('button[value="resolved"]').click();
    await editor.page.waitForURL(/closed=1/);
    expect(await editor.page.content()).not.toContain('Nobody answered the first number.');
    const closed = await reports.get(numberReport?.id as string);
    expect(closed).toMatchObject({
      closedStatus: 'resolved',
      closedNote: 'Called them: the number is fixed.',
    });
    expect(String(closed?.closedBy)).not.toBe('');
    expect(Date.parse(String(closed?.closedAt))).toBeGreaterThan(Date.now() - 10 * 60_000);
    await editor.context.close();

    // A number report still open is not the supervisor's; the treated-badly one is.
    const reader2 = await browser.newContext();
    const again = await reader2.newPage();
    await again.goto(`${portal.baseUrl}/en/services/th-clinic/report`);
    await again.check('input[name="reason"][value="number-not-working"]');
    await again.fill('textarea[name="message"]', 'Second number also silent.');
    await again.click('form button[type="submit"]');
    await again.waitForLoadState();
    await reader2.close();

    const supervisor = await signIn('supervisor');
    await supervisor.page.goto(`${portal.baseUrl}/console/directory/reports`);
    const html = await supervisor.page.content();
    expect(html).toContain('The guard shouted at me.');
    expect(html).not.toContain('Second number also silent.');
    await supervisor.context.close();
  });
});
