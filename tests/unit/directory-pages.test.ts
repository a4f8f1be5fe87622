import { describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/http/public-app.js';
import { CONFIDENTIAL_STREET } from '../fixtures/directory-fixture.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

function setup() {
  const fake = fakePublicDeps();
  return { app: createPublicApp(fake.deps), ...fake };
}

describe('directory pages', () => {
  it('shows the search box first, then every area, a place picker and filters as a GET form', async () => {
    const html = await (await setup().app.request('/en/services')).text();
    expect(html).toContain('<form method="get" action="/en/services"');
    // The search box comes before the area cards.
    expect(html.indexOf('id="q"')).toBeGreaterThan(0);
    expect(html.indexOf('id="q"')).toBeLessThan(html.indexOf('class="area-links"'));
    for (const area of ['housing', 'health', 'legal', 'case-management'])
      expect(html).toContain(`href="/en/services?area=${area}"`);
    expect(html).toContain('<option value="TH-50"');
    expect(html).toContain('name="noPoliceReport"');
    // No default filter: nothing is pre-ticked.
    expect(html).not.toMatch(/<input[^>]*checked/);
  });

  it('lists results in the reader language with a sample-data banner', async () => {
    const res = await setup().app.request('/th/services?area=housing');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('บ้านพักปลอดภัยภาคเหนือ');
    expect(html).toContain('class="sample-banner"');
    expect(html).toContain('href="/th/services/th-shelter?back=area%3Dhousing"');
    // Every card says where the service works, in the reader's language.
    expect(html).toContain('<p class="place">พื้นที่: เชียงใหม่, ไทย</p>');
  });

  it('offers a way back to the same results from a service page, and ignores a bad one', async () => {
    const { app } = setup();
    const back = encodeURIComponent('q=shelter&place=TH-50');
    const html = await (await app.request(`/en/services/th-shelter?back=${back}`)).text();
    expect(html).toContain('href="/en/services?q=shelter&amp;place=TH-50"');
    expect(html).toContain('Back to results');
    const bad = await (await app.request('/en/services/th-shelter?back=evil%3D1')).text();
    expect(bad).not.toContain('Back to results');
    expect(bad).toContain('href="/en/services"');
  });

  it('suggests the corrected words for a misspelt search', async () => {
    const html = await (await setup().app.request('/en/services?q=sheltr')).text();
    expect(html).toContain('Did you mean:');
    expect(html).toContain('href="/en/services?q=shelter"');
  });

  it('keeps the query when switching language', async () => {
    const html = await (await setup().app.request('/en/services?q=doctor&free=1')).text();
    expect(html).toContain('href="/km/services?q=doctor&amp;free=1"');
  });

  it('answers a malformed search with a 400 page, not a 500', async () => {
    const res = await setup().app.request('/en/services?area=spaceships');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<html lang="en"');
  });

  it('renders the service page with tap-to-call, hours, conditions and last verified', async () => {
    const html = await (await setup().app.request('/en/services/th-shelter')).text();
    expect(html).toContain('href="tel:+6620000001"');
    expect(html).toContain('Open 24 hours');
    expect(html).toContain('You can leave when you want');
    expect(html).toContain('Staying here does not depend on talking to the police');
    expect(html).toContain('Information last checked on');
    expect(html).toContain('The exact address is not shown');
    expect(html).toContain('href="/en/card?id=th-shelter"');
  });

  it('marks listings not verified for a long time', async () => {
    const html = await (await setup().app.request('/en/services/th-clinic')).text();
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
      const body = await (await app.request(path)).text();
      expect(body, path).not.toContain(CONFIDENTIAL_STREET);
      expect(body, path).not.toContain('98.98');
    }
  });

  it('shows a discreet card with names and numbers only', async () => {
    const res = await setup().app.request('/en/card?id=th-shelter&id=th-clinic');
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
