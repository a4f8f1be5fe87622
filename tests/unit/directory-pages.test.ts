import { describe, expect, it } from 'vitest';
import { AREA_CODES, publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { CONFIDENTIAL_STREET } from '../fixtures/directory-fixture.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

function setup() {
  const fake = fakePublicDeps();
  return { app: createPublicApp(fake.deps), ...fake };
}

type App = ReturnType<typeof setup>['app'];
const SHELTER = publicServiceId('th-shelter');
const CLINIC = publicServiceId('th-clinic');

/** Requests a page and follows same-site redirects as a browser does; returns the last answer. */
async function follow(app: App, path: string, init?: RequestInit): Promise<{ res: Response; url: string }> {
  let url = path;
  let res = await app.request(url, init);
  for (let hops = 0; hops < 3 && res.status >= 301 && res.status <= 308; hops++) {
    url = res.headers.get('location') ?? '';
    res = await app.request(url);
  }
  return { res, url };
}

/** Searches as the form does (POST, then the redirect to the sealed results address). */
function search(app: App, locale: string, fields: Record<string, string>) {
  return follow(app, `/${locale}/services`, { method: 'POST', body: new URLSearchParams(fields) });
}

describe('directory pages', () => {
  it('shows the search box first, then every area, a place picker and filters as a POST form', async () => {
    const html = await (await setup().app.request('/en/services')).text();
    expect(html).toContain('<form method="post" action="/en/services"');
    // The search box comes before the area cards.
    expect(html.indexOf('id="q"')).toBeGreaterThan(0);
    expect(html.indexOf('id="q"')).toBeLessThan(html.indexOf('class="area-links"'));
    for (const area of ['housing', 'health', 'legal', 'case-management'] as const)
      expect(html).toContain(`href="/en/services?area=${AREA_CODES[area]}"`);
    expect(html).toContain('<option value="TH-50"');
    expect(html).toContain('name="noPoliceReport"');
    // No default filter: nothing is pre-ticked.
    expect(html).not.toMatch(/<input[^>]*checked/);
  });

  it('lists results in the reader language with a sample-data banner', async () => {
    const res = await setup().app.request('/th/services?area=a1');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('บ้านพักปลอดภัยภาคเหนือ');
    expect(html).toContain('class="sample-banner"');
    expect(html).toContain(`href="/th/services/${SHELTER}?back=area%3Da1"`);
    // Every card says where the service works, in the reader's language.
    expect(html).toContain('<p class="place">พื้นที่: เชียงใหม่, ไทย</p>');
  });

  it('offers a way back to the same results from a service page, and ignores a bad one', async () => {
    const { app } = setup();
    const { res, url } = await search(app, 'en', { q: 'shelter', place: 'TH-50' });
    const token = /^\/en\/services\/r\/([\w-]+)$/.exec(url)?.[1] ?? '';
    expect(token).not.toBe('');
    const back = `back=${encodeURIComponent(`r=${token}`)}`;
    expect(await res.text()).toContain(`href="/en/services/${SHELTER}?${back.replace(/&/g, '&amp;')}"`);
    const html = await (await app.request(`/en/services/${SHELTER}?${back}`)).text();
    expect(html).toContain(`href="/en/services/r/${token}"`);
    expect(html).toContain('Back to results');
    // Criteria without words come back as they were; words in an old back link are dropped.
    const neutral = encodeURIComponent('q=shelter&place=TH-50');
    const old = await (await app.request(`/en/services/${SHELTER}?back=${neutral}`)).text();
    expect(old).toContain('href="/en/services?place=TH-50"');
    const bad = await (await app.request(`/en/services/${SHELTER}?back=evil%3D1`)).text();
    expect(bad).not.toContain('Back to results');
    expect(bad).toContain('href="/en/services"');
  });

  it('suggests the corrected words for a misspelt search', async () => {
    const { res } = await search(setup().app, 'en', { q: 'sheltr' });
    const html = await res.text();
    expect(html).toContain('Did you mean:');
    // A small form that posts the corrected words: they never become a link address.
    expect(html).toContain('<input type="hidden" name="q" value="shelter"/>');
    expect(html).not.toContain('q=shelter');
  });

  it('keeps the search when switching language, at the same sealed address', async () => {
    const { res, url } = await search(setup().app, 'en', { q: 'doctor', free: '1' });
    const html = await res.text();
    expect(html).toContain(`href="${url.replace('/en/', '/km/')}"`);
    expect(html).not.toContain('doctor&amp;');
    const neutral = await (await setup().app.request('/en/services?area=a2&free=1')).text();
    expect(neutral).toContain('href="/km/services?area=a2&amp;free=1"');
  });

  it('answers a malformed search with a 400 page, not a 500', async () => {
    const res = await setup().app.request('/en/services?area=spaceships');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<html lang="en"');
  });

  it('renders the service page with tap-to-call, hours, conditions and last verified', async () => {
    const html = await (await setup().app.request(`/en/services/${SHELTER}`)).text();
    expect(html).toContain('href="tel:+6620000001"');
    expect(html).toContain('Open 24 hours');
    expect(html).toContain('You can leave when you want');
    expect(html).toContain('Staying here does not depend on talking to the police');
    expect(html).toContain('Information last checked on');
    expect(html).toContain('The exact address is not shown');
    expect(html).toContain(`href="/en/card?id=${SHELTER}"`);
  });

  it('marks listings not verified for a long time', async () => {
    const html = await (await setup().app.request(`/en/services/${CLINIC}`)).text();
    expect(html).toContain('may be out of date');
    expect(html).toContain('12 Open Road');
  });

  it('never shows a confidential address on any public page or JSON', async () => {
    const { app } = setup();
    for (const path of [
      '/en/services/th-shelter',
      '/en/services?area=housing',
      '/en/services?q=shelter',
      '/en/card?id=th-shelter',
      '/api/public/services?area=housing',
      '/api/public/services/th-shelter',
    ]) {
      const body = await (await follow(app, path)).res.text();
      expect(body, path).not.toContain(CONFIDENTIAL_STREET);
      expect(body, path).not.toContain('98.98');
    }
  });

  it('shows a discreet card with names and numbers only', async () => {
    const { res, url } = await follow(setup().app, '/en/card?id=th-shelter&id=th-clinic');
    expect(url).toBe(`/en/card?id=${SHELTER}&id=${CLINIC}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('+6620000001');
    expect(html).toContain('+6620000002');
    expect(html).not.toContain('shelter with rooms');
  });

  it('shows urgent numbers for the chosen country, one tap to call', async () => {
    const html = await (await setup().app.request('/en/urgent?country=KH')).text();
    expect(html).toMatch(/href="tel:\d+"/);
    expect(html).toContain('<option value="KH" selected');
  });

  it('links urgent numbers from every page', async () => {
    const html = await (await setup().app.request('/lo/')).text();
    expect(html).toContain('href="/lo/urgent"');
  });

  it('stores an anonymous listing report and rejects an empty one without storing', async () => {
    const { app, savedReports } = setup();
    const bad = await app.request('/en/services/th-clinic/report', {
      method: 'POST',
      body: new URLSearchParams({ message: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Please choose what the problem was.');
    expect(savedReports).toHaveLength(0);
    const good = await app.request('/en/services/th-clinic/report', {
      method: 'POST',
      body: new URLSearchParams({ reason: 'number-not-working', message: 'No answer twice' }),
    });
    expect(good.status).toBe(200);
    expect(savedReports).toEqual([
      { serviceId: 'th-clinic', reason: 'number-not-working', message: 'No answer twice' },
    ]);
  });

  it('stores nothing when the honeypot is filled', async () => {
    const { app, savedReports } = setup();
    const res = await app.request('/en/services/th-clinic/report', {
      method: 'POST',
      body: new URLSearchParams({ reason: 'other', website: 'http://spam.example' }),
    });
    expect(res.status).toBe(200);
    expect(savedReports).toHaveLength(0);
  });
});

describe('public JSON API', () => {
  it('searches with the same filters and returns texts in the requested language', async () => {
    const res = await setup().app.request('/api/public/services?q=ผู้หญิง&lang=th');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; items: { id: string; name: string }[] };
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ id: 'th-shelter', name: 'บ้านพักปลอดภัยภาคเหนือ' });
  });

  it('rejects bad input with codes and paths, never a 500', async () => {
    const res = await setup().app.request('/api/public/services?area=x&lang=fr');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string[] }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues[0]?.path).toEqual(['lang']);
  });
});
