import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { liveHelpline } from '../../functions/domain/helpline.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { listen } from '../../functions/local/server.js';
import { createPublicDeps } from '../../functions/public-deps.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { sharedWebAssets, startPortal, testSecrets } from '../support/portal.js';

/**
 * Issue 17, acceptance 5: every page that can end a journey offers the helpline's own live channels
 * from configuration: zero search results, a problem report sent, errors (404, 413, a refused
 * step) and outages (503, the table out of reach), besides the home and urgent pages.
 */
const CHANNELS = [
  { kind: 'phone', value: '+855 23 555 0199', open24h: true },
  {
    kind: 'line',
    value: '@mekong-helpdesk',
    hours: [{ days: ['mo', 'tu'], opens: '08:00', closes: '17:00' }],
  },
  { kind: 'telegram', value: '@mekong_helpdesk', hours: [] },
];
const env = { HELPLINE_CHANNELS: JSON.stringify(CHANNELS), HELPLINE_TIME_ZONE: 'Asia/Phnom_Penh' };

/** The configured channels as the page shows them, and nothing of the shipped sample. */
function expectChannels(html: string, where: string) {
  const section = /<section class="helpline-now"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  expect(section, `${where}: the helpline's channels`).not.toBe('');
  expect(section, where).toContain('href="tel:+855235550199"');
  expect(section, where).toContain('@mekong-helpdesk');
  expect(section, where).toContain('href="https://t.me/mekong_helpdesk"');
  expect(section, where).toContain('data-open="true"'); // the 24-hour phone line is always open
  expect(section, where).not.toContain('Sample channels');
  return section;
}

describe("the helpline's live channels wherever a journey can end", () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal(env);
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
  });
  afterAll(async () => {
    await portal?.close();
  });

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${portal.baseUrl}${path}`, init);
    return { status: res.status, html: await res.text() };
  };

  it('home and urgent numbers', async () => {
    for (const path of ['/en/', '/th/urgent', '/km/urgent?country=KH']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expectChannels(page.html, path);
    }
  });

  it('a search with no results', async () => {
    const page = await get('/th/services', { method: 'POST', body: new URLSearchParams({ q: 'zzqqxxyy' }) });
    expect(page.status).toBe(200);
    expect(page.html).toContain('class="note"');
    expectChannels(page.html, 'zero results');
  });

  it('after a problem report ("I was treated badly")', async () => {
    const page = await get('/en/services/th-clinic/report', {
      method: 'POST',
      body: new URLSearchParams({ reason: 'treated-badly' }),
    });
    expect(page.status).toBe(200);
    expectChannels(page.html, 'report sent');
  });

  it('errors: not found, too large, a sent form that cannot be kept', async () => {
    const missing = await get('/my/no-such-page');
    expect(missing.status).toBe(404);
    expectChannels(missing.html, '404');
    const large = await get('/en/help/status', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${'x'.repeat(80 * 1024)}`,
    });
    expect(large.status).toBe(413);
    expectChannels(large.html, '413');
    const expired = await get(
      '/en/help/request/AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/when',
    );
    expect(expired.status).toBe(410);
    expectChannels(expired.html, 'form cleared');
  });

  it('outages (503): the table out of reach for a status look-up and a form step', async () => {
    const broken = loadRuntimeConfig({
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
      AWS_REGION: 'local',
      APP_TABLE_NAME: 'no-such-table',
      AUDIT_TABLE_NAME: 'no-such-audit',
      ...testSecrets(),
      ...env,
    });
    const down = await listen(
      createPublicApp(createPublicDeps(broken, await sharedWebAssets(), nodeClientAddress)),
      0,
    );
    try {
      const base = `http://127.0.0.1:${down.port}`;
      const lookup = await fetch(`${base}/en/help/status`, {
        method: 'POST',
        body: new URLSearchParams({ code: 'K7MH-Q9XD', pin: '2580' }),
      });
      expect(lookup.status).toBe(503);
      expectChannels(await lookup.text(), 'status look-up down');
      const step = await fetch(
        `${base}/th/help/request/AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/contact`,
      );
      expect(step.status).toBe(503);
      expectChannels(await step.text(), 'form step down');
    } finally {
      await down.close();
    }
  }, 120_000);

  it('"open now" is worked out in the helpline\'s time zone', () => {
    const setup = {
      timeZone: 'Asia/Phnom_Penh',
      demo: false,
      channels: [
        {
          kind: 'line' as const,
          value: '@x',
          open24h: false,
          hours: [{ days: ['mo' as const], opens: '08:00', closes: '17:00' }],
        },
      ],
    };
    // Monday 01:30 UTC is Monday 08:30 in Phnom Penh (UTC+7): open. Sunday 23:30 UTC is Monday 06:30: closed.
    expect(liveHelpline(setup, new Date('2026-12-07T01:30:00Z')).channels[0]?.openNow).toBe(true);
    expect(liveHelpline(setup, new Date('2026-12-06T23:30:00Z')).channels[0]?.openNow).toBe(false);
    expect(liveHelpline(setup, new Date('2026-12-07T10:30:00Z')).anyOpen).toBe(false);
  });
});
