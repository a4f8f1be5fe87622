import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../functions/data/request-store.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

describe('callback request in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal({ RATE_LIMIT_SCALE: '100' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  const next = (page: Page) => page.click('button[value="next"]');

  /** Walks every step; `check` runs on each page (e.g. axe). Returns the reference code. */
  async function fillForm(page: Page, lang: string, check: (label: string) => Promise<void>) {
    await page.goto(`${portal.baseUrl}/${lang}/help/request`);
    await check('start');
    await page.check('#danger-no');
    await page.selectOption('#country', 'TH');
    await next(page);
    await check('contact');
    // A wrong number first: the page explains, nothing is stored.
    await page.check('#channel-sms');
    await page.fill('#handle', 'not a number');
    await next(page);
    expect(await page.locator('#handle-error').isVisible()).toBe(true);
    await check('contact with error');
    await page.fill('#handle', '+66 81 555 0199');
    await next(page);
    await check('when');
    await page.check('#w1days-mo');
    await page.check('#w1days-th');
    await page.selectOption('#w1from', '18:00');
    await page.selectOption('#w1to', '21:00');
    await next(page);
    await check('safety');
    await page.fill('#codeWord', 'blue-river');
    await next(page);
    await check('about');
    await page.click('button[value="skip"]');
    await check('needs');
    await page.check('#help-health');
    await next(page);
    await check('consent');
    // Give the anti-bot minimum fill time a chance to pass.
    await page.waitForTimeout(3100);
    await page.check('#consent');
    await page.click('button[value="send"]');
    await page.locator('.reference-code').waitFor();
    await check('done');
    return (await page.locator('.reference-code').textContent())?.trim() as string;
  }

  it('with JavaScript off: submit, set a PIN, check status, change safe times, withdraw', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const code = await fillForm(page, 'en', async () => {});
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.locator('h1').textContent()).toBe('We received your request');

    await page.fill('#pin', '3817');
    await page.fill('#pin2', '3817');
    await page.click('button[type="submit"]:has-text("Save my PIN")');
    expect(await page.locator('h1').textContent()).toBe('Your PIN is saved');

    await page.goto(`${portal.baseUrl}/en/help/status`);
    await page.fill('#code', code.toLowerCase());
    await page.fill('#pin', '3817');
    await page.click('button[type="submit"]:has-text("Check")');
    expect(await page.locator('.lead').textContent()).toContain('Received');

    const store = new RequestStore(portal.doc, portal.appTableName);
    const requestId = (await store.getCode(code))?.requestId as string;
    expect((await store.get(requestId))?.safeWindows).toEqual([
      { days: ['mo', 'th'], from: '18:00', to: '21:00' },
    ]);

    // Change the safe times to Saturday mornings only.
    const timesForm = page.locator('form[action$="/help/status/safe-times"]');
    await timesForm.locator('#w1days-mo').uncheck();
    await timesForm.locator('#w1days-th').uncheck();
    await timesForm.locator('#w1days-sa').check();
    await timesForm.locator('#w1from').selectOption('08:00');
    await timesForm.locator('#w1to').selectOption('10:00');
    await timesForm.locator('button[type="submit"]').click();
    expect(await page.locator('.note[role="status"]').textContent()).toBe('Saved.');
    expect((await store.get(requestId))?.safeWindows).toEqual([{ days: ['sa'], from: '08:00', to: '10:00' }]);

    expect(await store.rawPersonalItem(requestId)).toBeDefined();
    await page.click('form[action$="/help/status/withdraw"] button');
    // Cancelling asks first, on a page of its own.
    await page.click('button:has-text("Yes, cancel my request")');
    expect(await page.locator('.note[role="status"]').textContent()).toContain('cancelled');
    const pii = await portal.doc.send(
      new GetCommand({
        TableName: portal.appTableName,
        Key: { pk: `REQ#${requestId}`, sk: 'PII' },
        ConsistentRead: true,
      }),
    );
    expect(pii.Item).toBeUndefined();
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('every step passes axe-core with no violations (Thai)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    await fillForm(page, 'th', async (label) => {
      const violations = await axeViolations(page);
      if (violations.length) problems.push(`${label}:\n${describeViolations(violations)}`);
    });
    await page.goto(`${portal.baseUrl}/th/help/status`);
    const violations = await axeViolations(page);
    if (violations.length) problems.push(`status:\n${describeViolations(violations)}`);
    expect(problems.join('\n\n')).toBe('');
    await context.close();
  });

  it('with JavaScript on: a send while offline waits and goes through once when back online', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/en/help/request`);
    await page.check('#danger-yes');
    await page.selectOption('#country', 'KH');
    await next(page);
    // Urgent numbers come first once someone says they are in danger.
    expect(await page.locator('.urgent-box a[href^="tel:"]').count()).toBeGreaterThan(0);
    await page.check('#channel-telegram');
    await page.fill('#handle', '@safe_contact_me');
    await next(page);
    for (let i = 0; i < 4; i++) await page.click('button[value="skip"]');
    await page.waitForTimeout(3100);
    await page.check('#consent');
    await context.setOffline(true);
    await page.click('button[value="send"]');
    await page.locator('#send-status').filter({ hasText: 'offline' }).waitFor();
    expect(await page.locator('#consent').isChecked()).toBe(true);
    await context.setOffline(false);
    await page.locator('.reference-code').waitFor({ timeout: 20_000 });
    expect(await page.locator('.urgent-box').count()).toBe(1);
    await context.close();
  });
});
