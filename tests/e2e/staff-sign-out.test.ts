import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';

/**
 * Sign-out in a real browser, which enforces our CSP (form-action 'self') on the form post and
 * every redirect after it: the provider's session must end too, so the next "Sign in" on this
 * computer asks for a password. Run against both shapes of provider logout.
 */
describe.each([
  { provider: 'end-session endpoint', cognitoLogout: false },
  { provider: 'Cognito-style /logout', cognitoLogout: true },
])('staff sign-out in Chromium ($provider)', ({ cognitoLogout }) => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;

  beforeAll(async () => {
    portal = await startFullPortal({}, { cognitoLogout });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('signs out of the console and the provider; the next sign-in asks for credentials', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|form-action/i.test(m.text())) cspViolations.push(m.text());
    });

    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', 'operator-b');
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    await page.waitForURL(`${portal.baseUrl}/console`);

    await page.click('form[action="/console/auth/logout"] button');
    if (!cognitoLogout) {
      // The local provider asks for confirmation on its own page.
      await page.waitForURL((u) => u.href.startsWith(`${portal.oidcIssuer}/session/end`));
      await page.click('button[name="logout"]');
    }
    await page.waitForURL(`${portal.baseUrl}/console/signed-out`, { timeout: 30_000 });
    expect(cspViolations).toEqual([]);

    // The console session is gone …
    await page.goto(`${portal.baseUrl}/console`);
    // … and the provider asks who is there, instead of signing the last person in again.
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    expect(await page.locator('input[name="password"]').count()).toBe(1);
    await context.close();
  });
});
