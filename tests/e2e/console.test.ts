import { agedFormToken } from '../support/requests.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { StaffStore } from '../../functions/data/staff-store.js';
import { localFields, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';

const HANDLE = '+66 84 777 1234';
const TZ = 'Asia/Bangkok';

/** A safe window around now (Bangkok time) and one that is not open now. */
function windows() {
  const now = localFields(TZ, Date.now());
  const hour = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  const today = now.weekday;
  const otherDay = WEEKDAYS[(WEEKDAYS.indexOf(today) + 3) % 7] as string;
  return {
    openNow: [{ days: [...WEEKDAYS], from: hour(now.hour - 1), to: hour(now.hour + 2) }],
    closedNow: [{ days: [otherDay], from: '09:00', to: '10:00' }],
  };
}

describe('staff console in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  const logLines: string[] = [];
  let spy: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(' '));
    });
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '100' });
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    spy?.mockRestore();
    await browser?.close();
    await portal?.close();
  });

  async function submit(safeWindows: unknown, key: string, ageBand = 'adult'): Promise<string> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: key,
        consentCallback: true,
        formToken: agedFormToken(),
        channel: 'phone',
        handle: HANDLE,
        timeZone: TZ,
        safeWindows,
        codeWord: 'jasmine',
        country: 'TH',
        languages: ['th'],
        ageBand,
      }),
    });
    const { code } = (await res.json()) as { code: string };
    return (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
  }

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

  it('sign in, queue by safe window, claim, attempt, refer, close, audit', async () => {
    const due = await submit(windows().openNow, `e2e-console-due-${Date.now()}-x`);
    const later = await submit(windows().closedNow, `e2e-console-later-${Date.now()}-x`);

    const a = await signIn('operator-a');
    const queue = a.page;
    expect(await queue.locator('h1').textContent()).toBe('Requests to contact');
    const dueRows = queue.locator('table.queue').first().locator('tr[data-request]');
    const laterRows = queue.locator('table.queue').nth(1).locator('tr[data-request]');
    expect(await dueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request')))).toContain(
      due,
    );
    expect(
      await dueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request'))),
    ).not.toContain(later);
    expect(await laterRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request')))).toContain(
      later,
    );
    expect(await queue.content()).not.toContain('84 777 1234');

    // A takes the request and sees the safe-contact card first.
    await queue.click(`tr[data-request="${due}"] a`);
    await queue.click('button:has-text("Take this request")');
    const card = queue.locator('.safe-card');
    expect(await card.locator('.handle').textContent()).toBe(HANDLE);
    expect(await card.textContent()).toContain('Do NOT leave a message');
    expect(await card.textContent()).toContain('jasmine');
    expect(await card.textContent()).toMatch(/Safe window closes in \d+ min/);
    expect(await queue.locator('.guide').textContent()).toContain('Is it safe to talk now?');

    // B can neither take it nor see the contact details.
    const b = await signIn('operator-b');
    await b.page.goto(`${portal.baseUrl}/console/requests/${due}`);
    expect(await b.page.content()).not.toContain('84 777 1234');
    expect(await b.page.locator('button:has-text("Take this request")').count()).toBe(0);
    // With B's own valid CSRF token, so the answer comes from the holder rule: A holds it.
    const bToken = await b.page.locator('input[name="csrf"]').first().getAttribute('value');
    expect(bToken?.length).toBeGreaterThan(20);
    const bClaim = await b.page.evaluate(
      async ([url, csrf]) =>
        (await fetch(url as string, { method: 'POST', body: new URLSearchParams({ csrf: csrf as string }) }))
          .status,
      [`${portal.baseUrl}/console/requests/${due}/claim`, bToken],
    );
    expect(bClaim).toBe(409);
    expect((await new CaseworkStore(portal.doc, portal.appTableName).get(due))?.claim?.by).toBe('operator-a');
    // Signing in put both on the staff list, with what the identity provider says about them
    // (languages are not among the claims: the staff area sets them).
    const staff = new StaffStore(portal.doc, portal.appTableName);
    expect(await staff.get('operator-a')).toMatchObject({
      name: 'Anong (operator)',
      login: 'operator-a',
      roles: ['operator'],
      childProtection: true,
      languages: [],
      active: true,
    });
    expect((await staff.get('operator-b'))?.childProtection).toBe(false);
    expect((await staff.get('operator-b'))?.lastSeenAt).toBeDefined();

    // No answer: the next attempt lands in the next safe window, after this one.
    await queue.check('#outcome-no-answer');
    await queue.click('button:has-text("Save attempt")');
    const store = new CaseworkStore(portal.doc, portal.appTableName);
    const afterAttempt = await store.get(due);
    expect(afterAttempt?.attempts).toBe(1);
    expect(Date.parse(afterAttempt?.nextContactableAt as string)).toBeGreaterThan(Date.now() + 30 * 60_000);
    const next = localFields(TZ, Date.parse(afterAttempt?.nextContactableAt as string));
    expect(next.hour).toBe(Number(windows().openNow[0]?.from.slice(0, 2)));

    // A still holds it (to hand over, or to try again): refer with consent, close.
    await queue.goto(`${portal.baseUrl}/console/requests/${due}`);
    expect((await store.get(due))?.claim?.by).toBe('operator-a');
    await queue.fill('#svc-q', 'clinic');
    await queue.click('button:has-text("Find a service")');
    // Each service found shows what the person must know before a referral, not only its name.
    const clinic = queue.locator('[data-referral-service="th-clinic"]');
    expect(await clinic.locator('[data-referral-contacts]').textContent()).toMatch(/\d{3}/);
    expect(await clinic.locator('[data-referral-hours]').textContent()).not.toBe('');
    expect(await clinic.locator('[data-referral-eligibility]').textContent()).not.toBe('');
    await queue.check('#refer-th-clinic');
    await queue.check('#refer-consent');
    await queue.click('button:has-text("Record referral")');
    expect((await store.get(due))?.status).toBe('referred');
    // Closing asks for an outcome (none chosen for you) and a wrap-up, then for a confirmation.
    expect(await queue.locator('#close-reason').inputValue()).toBe('');
    await queue.selectOption('#close-reason', 'helped');
    await queue.fill('#close-summary', 'Referred to the clinic');
    await queue.click('button:has-text("Close")');
    expect((await store.get(due))?.status).toBe('referred');
    await queue.click('button:has-text("Yes, close it")');
    await queue.waitForURL(`${portal.baseUrl}/console/requests/${due}?done=closed`);
    expect((await store.get(due))?.status).toBe('closed');

    // The supervisor sees the audit trail, including A's view of the contact details.
    const s = await signIn('supervisor');
    await s.page.goto(`${portal.baseUrl}/console/requests/${due}/audit`);
    const views = await s.page.locator('tr[data-action="view-contact"]').allTextContents();
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((v) => v.includes('Anong'))).toBe(true);
    expect(await s.page.locator('tr[data-action="refer"]').count()).toBe(1);

    // Reassigning a child's request offers staff by name, only those in the child-protection group.
    const child = await submit(windows().openNow, `e2e-console-child-${Date.now()}-x`, 'under-18');
    await s.page.goto(`${portal.baseUrl}/console/requests/${child}`);
    expect(await s.page.locator('#to-sub option').allTextContents()).toEqual(['Anong (operator)']);
    await s.page.click('button:has-text("Reassign")');
    expect((await store.get(child))?.claim?.by).toBe('operator-a');

    // Sign out ends the session.
    await queue.click('button:has-text("Sign out")');
    const after = await queue.request.get(`${portal.baseUrl}/console`, { maxRedirects: 0 });
    expect(after.status()).toBe(302);
    expect(after.headers().location).toBe('/console/auth/login');
    for (const ctx of [a.context, b.context, s.context]) await ctx.close();

    // Nothing personal ever reached the logs.
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain('84 777 1234');
      expect(line).not.toContain('847771234');
      expect(line).not.toContain('jasmine');
    }
  });
});
