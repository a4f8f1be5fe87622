import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';

/**
 * The staff area in a real browser, with the real local OpenID Connect provider: an admin invites
 * a staff member and adds them to the operator group; the new member signs in with that role and
 * sees the queue; the admin disables them after the confirmation page; their next action is refused.
 */
describe('staff area in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    portal = await startFullPortal();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await portal?.close();
  });

  /** The provider's login form (any password), and its consent page the first time. */
  async function signInAt(page: Page, login: string): Promise<void> {
    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer), { timeout: 30_000 });
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any password');
    await page.click('button[type="submit"]');
    await page.waitForLoadState('load');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  it('invite, add to the operator group, sign in with that role, disable: the next action is refused', async () => {
    const admin = await newPage();
    await signInAt(admin, 'admin');
    await admin.waitForURL((u) => u.pathname.startsWith('/console'), { timeout: 30_000 });
    await admin.click('nav a[href="/console/staff"]');
    await admin.waitForURL(`${portal.baseUrl}/console/staff`);

    // Invite: a directory editor who speaks Thai.
    await admin.fill('#staff-name', 'Ploy Test');
    await admin.fill('#staff-login', 'ploy-e2e');
    await admin.check('#invite-role-directory-editor');
    await admin.check('#invite-lang-th');
    await admin.click('form[action="/console/staff"] button[type="submit"]');
    await admin.waitForURL(`${portal.baseUrl}/console/staff?done=invited`);
    const row = admin.locator('tr[data-staff="ploy-e2e"]');
    expect(await row.textContent()).toContain('Directory editor');

    // Add them to the operator group.
    await row.locator('a').click();
    await admin.waitForURL(`${portal.baseUrl}/console/staff/ploy-e2e`);
    await admin.check('#change-role-operator');
    await admin.click('form[action="/console/staff/ploy-e2e/groups"] button[type="submit"]');
    await admin.waitForURL(`${portal.baseUrl}/console/staff/ploy-e2e?done=changed`);
    expect(await admin.locator('#change-role-operator').isChecked()).toBe(true);

    // The new member signs in through the provider with that role and sees the queue.
    const member = await newPage();
    await signInAt(member, 'ploy-e2e');
    await member.waitForURL(`${portal.baseUrl}/console`, { timeout: 30_000 });
    expect(await member.locator('h1').textContent()).toBe('Requests to contact');
    await member.click('a[href="/console?language=mine"]');
    await member.waitForURL(`${portal.baseUrl}/console?language=mine`);
    expect(await member.locator('.quick-filter').textContent()).toContain('th');

    // The admin disables them: a confirmation page first.
    await admin.click('a[href="/console/staff/ploy-e2e/disable"]');
    await admin.waitForURL(`${portal.baseUrl}/console/staff/ploy-e2e/disable`);
    expect(await admin.locator('h1').textContent()).toContain('Ploy Test');
    await admin.click('form[action="/console/staff/ploy-e2e/disable"] button[type="submit"]');
    await admin.waitForURL(`${portal.baseUrl}/console/staff/ploy-e2e?done=disabled`);
    expect(await admin.locator('main').textContent()).toContain('Disabled');

    // The member's next action is refused: back to sign-in, and the provider lets them in no more.
    await member.click('nav a[href="/console"]');
    await member.waitForURL((u) => u.href.startsWith(portal.oidcIssuer), { timeout: 30_000 });
    await member.fill('input[name="login"]', 'ploy-e2e');
    await member.fill('input[name="password"]', 'any password');
    await member.click('button[type="submit"]');
    await member.waitForURL((u) => u.href.startsWith(`${portal.baseUrl}/console/auth/callback`), {
      timeout: 30_000,
    });
    expect(await member.locator('main').textContent()).toContain('Sign-in did not work');
  });
});
