import { everyRoute } from '../../functions/http/lazy-area.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { ReportStore } from '../../functions/data/report-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import type { StaffIdentity } from '../../functions/domain/console/roles.js';
import { localFields, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';

const TZ = 'Asia/Bangkok';
type Login = 'operator-a' | 'supervisor' | 'editor' | 'admin' | 'signed-out';

/**
 * Every GET route of the console that is not a page, and why. Every other GET route must be in
 * PAGES below: the test reads the console app's own route table, so a new page cannot be forgotten.
 */
const NOT_PAGES: Record<string, string> = {
  '/console/auth/login': 'a redirect to the identity provider',
  '/console/alerts': "JSON for the queue page's alerts",
  '/console/directory/transfer/export': 'a file download (HSDS JSON)',
  '/console/reports/download': 'a file download (CSV)',
};

/** A safe window open now (Bangkok time), every day. */
function openNow() {
  const hour = localFields(TZ, Date.now()).hour;
  const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  return [{ days: [...WEEKDAYS], from: hh(hour - 1), to: hh(hour + 2) }];
}

describe('every console page passes axe-core, in English and Thai', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  /** Route pattern → the addresses that show it, and who looks at them. */
  let pages: { route: string; path: string; as: Login; strip?: boolean; status?: number }[];
  let seq = 0;

  async function newRequest(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `e2e-a11y-${Date.now()}-${seq++}-abcdef`,
        consentCallback: true,
        formToken: agedFormToken(),
        channel: 'phone',
        handle: '+66 84 555 3434',
        timeZone: TZ,
        safeWindows: openNow(),
        codeWord: 'orchid',
        country: 'TH',
        province: 'TH-50',
        languages: ['th'],
        ageBand: 'adult',
        ...extra,
      }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    return (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
  }

  /** A check-in in the queue, as a person sets it up on the public side (JavaScript off). */
  async function newCheckIn(): Promise<void> {
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
    const code = (await page.locator('.reference-code').textContent())?.trim() as string;
    await page.fill('#pin', '5829');
    await page.fill('#pin2', '5829');
    await page.click('button:has-text("Save my PIN")');
    await page.goto(`${portal.baseUrl}/en/follow-up/manage`);
    await page.fill('#code', code);
    await page.fill('#pin', '5829');
    await page.click('button[type="submit"]');
    await page.click('button:has-text("Ask for contact now")');
    await context.close();
  }

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '100' });
    browser = await launchChromium();
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    await new ReportStore(portal.doc, portal.appTableName).save('th-clinic', {
      reason: 'treated-badly',
      message: 'The guard shouted.',
    });
    const casework = portal.consoleDeps.casework;
    const operator: StaffIdentity = {
      sub: 'operator-a',
      name: 'Operator A',
      roles: ['operator'],
      childProtection: true,
    };
    // Held, with a history (attempt, note): the contact card, the forms, the activity.
    const held = await newRequest({ dangerNow: true });
    await casework.claim(operator, held);
    await casework.attempt(operator, held, 'no-answer');
    await casework.note(operator, held, 'Call after six');
    // Escalated for a safeguarding decision: the pending mark for the operator, the decision form for the supervisor.
    await casework.escalate(operator, held, 'immediate-danger');
    // A child's request (the child guide), waiting; one closed; a check-in in the queue.
    const child = await newRequest({ ageBand: 'under-18' });
    const closed = await newRequest({ hurtOrSick: true });
    await casework.claim(operator, closed);
    await casework.attempt(operator, closed, 'reached');
    await casework.close(operator, closed, 'helped', 'Referred to a clinic');
    await newRequest({ languages: ['my'] });
    await newCheckIn();
    const queue = await casework.queue(operator);
    const checkIn = [...queue.due, ...queue.later].find((e) => e.request.kind === 'check-in')?.request.id;
    expect(checkIn, 'the check-in is in the queue').toBeDefined();

    pages = [
      { route: '/console', path: '/console', as: 'operator-a' },
      { route: '/console/mine', path: '/console/mine', as: 'operator-a' },
      { route: '/console/find', path: '/console/find', as: 'operator-a' },
      { route: '/console/closed', path: '/console/closed', as: 'operator-a' },
      { route: '/console/requests/:id', path: `/console/requests/${held}`, as: 'operator-a' },
      { route: '/console/requests/:id', path: `/console/requests/${child}`, as: 'operator-a' },
      { route: '/console/requests/:id', path: `/console/requests/${closed}`, as: 'operator-a' },
      { route: '/console/requests/:id', path: `/console/requests/${checkIn}`, as: 'operator-a' },
      { route: '/console/requests/:id', path: `/console/requests/${held}`, as: 'supervisor' },
      { route: '/console/requests/:id/audit', path: `/console/requests/${held}/audit`, as: 'supervisor' },
      { route: '/console/supervisor', path: '/console/supervisor', as: 'supervisor' },
      { route: '/console/reports', path: '/console/reports', as: 'supervisor' },
      { route: '/console/reports', path: '/console/reports', as: 'admin' },
      { route: '/console/directory/reports', path: '/console/directory/reports', as: 'supervisor' },
      { route: '/console/directory/reports', path: '/console/directory/reports', as: 'editor' },
      { route: '/console/directory', path: '/console/directory', as: 'editor' },
      { route: '/console/directory/stale', path: '/console/directory/stale', as: 'editor' },
      {
        route: '/console/directory/services/:id',
        path: '/console/directory/services/th-clinic',
        as: 'editor',
      },
      {
        route: '/console/directory/organizations/:id',
        path: `/console/directory/organizations/${FIXTURE_ORGANIZATIONS[0]?.id}`,
        as: 'editor',
      },
      {
        route: '/console/directory/locations/:id',
        path: `/console/directory/locations/${FIXTURE_LOCATIONS[0]?.id}`,
        as: 'editor',
      },
      { route: '/console/directory/transfer', path: '/console/directory/transfer', as: 'editor' },
      { route: '/console/staff', path: '/console/staff', as: 'admin' },
      { route: '/console/staff/:sub', path: '/console/staff/supervisor', as: 'admin' },
      { route: '/console/staff/:sub/disable', path: '/console/staff/operator-a/disable', as: 'admin' },
      { route: '/console/signed-out', path: '/console/signed-out', as: 'signed-out' },
      // Without a sign-in under way: the "could not sign you in" page.
      { route: '/console/auth/callback', path: '/console/auth/callback', as: 'signed-out', status: 400 },
      // It moves on to the provider by a meta refresh: checked with the refresh taken out.
      {
        route: '/console/auth/end-session',
        path: '/console/auth/end-session',
        as: 'signed-out',
        strip: true,
      },
    ];
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('the pages checked are every GET route of the console', async () => {
    const routes = new Set(
      (await everyRoute(portal.consoleApp))
        .filter((r) => r.method === 'GET')
        .map((r) => r.path.replace(/\/$/, '') || '/')
        .filter((path) => !(path in NOT_PAGES)),
    );
    const checked = new Set(pages.map((p) => p.route));
    const missing = [...routes].filter((r) => !checked.has(r));
    expect(missing, 'console pages with no axe check here: add them to PAGES').toEqual([]);
    expect([...checked].filter((r) => !routes.has(r))).toEqual([]);
  });

  async function signIn(login: Login, lang: 'en' | 'th'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: lang === 'th' ? 'th-TH' : 'en-GB' });
    const page = await context.newPage();
    if (login === 'signed-out') return { context, page };
    await page.goto(`${portal.baseUrl}/console`);
    await page.waitForURL((u) => u.href.startsWith(portal.oidcIssuer));
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    if (page.url().startsWith(portal.oidcIssuer)) await page.click('button[type="submit"]');
    await page.waitForURL(
      (u) => u.href.startsWith(`${portal.baseUrl}/console`) && !u.href.includes('/auth/'),
      {
        timeout: 60_000,
      },
    );
    return { context, page };
  }

  for (const lang of ['en', 'th'] as const) {
    it(`every console page in ${lang} has no violations`, async () => {
      const problems: string[] = [];
      const logins = [...new Set(pages.map((p) => p.as))];
      for (const login of logins) {
        const { context, page } = await signIn(login, lang);
        for (const entry of pages.filter((p) => p.as === login)) {
          const url = `${portal.baseUrl}${entry.path}`;
          if (entry.strip) {
            const res = await context.request.get(url, {
              maxRedirects: 0,
              headers: { 'accept-language': lang },
            });
            expect(res.status(), `${entry.path} as ${login}`).toBe(200);
            const html = (await res.text()).replace(/<meta http-equiv="refresh"[^>]*>/g, '');
            await page.setContent(html);
          } else {
            const res = await page.goto(url);
            expect(res?.status(), `${entry.path} as ${login}`).toBe(entry.status ?? 200);
          }
          expect(await page.getAttribute('html', 'lang'), `${entry.path} as ${login}`).toBe(lang);
          const violations = await axeViolations(page);
          if (violations.length)
            problems.push(`${entry.path} as ${login}:\n${describeViolations(violations)}`);
        }
        await context.close();
      }
      expect(problems.join('\n\n')).toBe('');
    });
  }
});
