import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';
import { apiRequestBody } from '../support/requests.js';

/** Reporting in Chromium: a supervisor finds the figures, filters them and downloads the CSV. */
describe('reporting in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let spy: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '100' });
    let seq = 0;
    const send = async (extra: Record<string, unknown>) => {
      const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(apiRequestBody(`e2e-report-${Date.now()}-${seq++}-abcdef`, extra)),
      });
      expect(res.status).toBe(201);
    };
    // Five from Thailand, one from Myanmar: 6 in all, 5 for Thailand, "<5" for Myanmar.
    for (let i = 0; i < 5; i++) await send({ country: 'TH', languages: ['th'] });
    await send({ country: 'MM', languages: ['my'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    spy?.mockRestore();
    await browser?.close();
    await portal?.close();
  });

  async function signIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    await page.waitForURL(`${portal.baseUrl}/console`);
    return { context, page };
  }

  const totalRow = (page: Page) =>
    page
      .locator('table[data-section="weeks"] tr.total')
      .locator('th, td')
      .evaluateAll((cells) => cells.map((c) => c.textContent?.trim()));

  it('finds the figures in the top bar, filters by region and downloads the same figures', async () => {
    const { context, page } = await signIn('supervisor');
    await page.click('nav.console-nav a:has-text("Figures")');
    await page.waitForURL(/\/console\/reports$/);
    expect(await page.locator('h1').textContent()).toBe('Figures');
    expect((await totalRow(page)).slice(0, 2)).toEqual(['Total', '6']);
    expect(describeViolations(await axeViolations(page))).toBe('');

    await page.selectOption('#r-region', 'MM');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/region=MM/);
    expect((await totalRow(page)).slice(0, 2)).toEqual(['Total', '<5']);

    await page.selectOption('#r-region', 'TH');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/region=TH/);
    expect((await totalRow(page)).slice(0, 2)).toEqual(['Total', '5']);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.click('a:has-text("Download CSV")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^figures-\d{4}-W\d{2}-\d{4}-W\d{2}\.csv$/);
    const bytes = await readFile((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\nRegion,Thailand\r\n');
    expect(bytes.toString('utf8')).toMatch(/\r\nRequests by week,Total,5,/);

    // A bad period: the message next to the form, in the reader's language, and still accessible.
    const bad = await page.goto(`${portal.baseUrl}/console/reports?from=2026-W10&to=2026-W01`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('#report-error').textContent()).toBe(
      'The last week must not be before the first one.',
    );
    expect(describeViolations(await axeViolations(page))).toBe('');
    await context.close();
  });

  it('shows operators no link and refuses them the page', async () => {
    const { context, page } = await signIn('operator-a');
    expect(await page.locator('nav.console-nav a:has-text("Figures")').count()).toBe(0);
    const res = await page.goto(`${portal.baseUrl}/console/reports`);
    expect(res?.status()).toBe(403);
    await context.close();
  });
});
