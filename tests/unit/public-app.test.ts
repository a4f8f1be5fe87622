import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { FAKE_WEB_ASSETS } from '../support/fake-assets.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

function app(overrides: { db?: boolean; env?: Record<string, string> } = {}) {
  return createPublicApp(fakePublicDeps(overrides).deps);
}

describe('public app skeleton', () => {
  it('redirects / to the best language from Accept-Language', async () => {
    const res = await app().request('/', { headers: { 'Accept-Language': 'th-TH,th;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/th/');
    expect(res.headers.get('vary')).toContain('Accept-Language');
  });

  it('redirects / to English when nothing matches', async () => {
    const res = await app().request('/', { headers: { 'Accept-Language': 'fr' } });
    expect(res.headers.get('location')).toBe('/en/');
  });

  it.each(SUPPORTED_LOCALES)(
    'renders the %s home page with lang, dir, a neutral title and the quick exit',
    async (locale) => {
      const res = await app({ env: { SITE_NAME: 'Compass' } }).request(`/${locale}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`<html lang="${locale}" dir="ltr">`);
      expect(html).toMatch(/<title>Compass<\/title>/);
      expect(html).toMatch(/<a class="quick-exit" href="https:\/\/[^"]+" rel="noreferrer noopener"/);
      expect(html).toContain('<script src="/assets/quick-exit-test.js" defer>');
    },
  );

  it('lists every language in its own script in the switcher, linking the same page', async () => {
    const html = await (await app().request('/en/')).text();
    for (const [code, name] of [
      ['th', 'ไทย'],
      ['my', 'မြန်မာ'],
      ['km', 'ខ្មែរ'],
      ['lo', 'ລາວ'],
      ['zh-Hans', '简体中文'],
    ]) {
      expect(html).toContain(`href="/${code}/" lang="${code}" hreflang="${code}">${name}</a>`);
    }
  });

  it('uses the configured neutral exit page for the language', async () => {
    const html = await (
      await app({ env: { EXIT_URLS: '{"km":"https://weather.example/km"}' } }).request('/km/')
    ).text();
    expect(html).toContain('href="https://weather.example/km"');
  });

  it('offers only the configured languages', async () => {
    const a = app({ env: { LOCALES: 'en,th' } });
    expect((await a.request('/vi/')).status).toBe(404);
    const html = await (await a.request('/th/')).text();
    expect(html).not.toContain('hreflang="vi"');
  });

  it('sets the security headers and never a cookie', async () => {
    const res = await app().request('/en/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`style-src ${FAKE_WEB_ASSETS.cssHash}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers /healthz with the database state', async () => {
    const up = await app({ db: true }).request('/healthz');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ db: 'ok' });
    const down = await app({ db: false }).request('/healthz');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ db: 'unavailable' });
  });

  it('serves islands with immutable caching and 404s unknown assets', async () => {
    const res = await app().request('/assets/quick-exit-test.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await app().request('/assets/other.js')).status).toBe(404);
  });

  it('renders a translated 404 page in the language of the path', async () => {
    const res = await app().request('/th/does-not-exist');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<html lang="th"');
  });

  it('redirects /en to /en/', async () => {
    const res = await app().request('/en');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/en/');
  });
});

describe('runtime config', () => {
  it('fails loudly on a wrong value', () => {
    expect(() => loadRuntimeConfig({ LOCALES: 'en,xx' })).toThrow(/LOCALES/);
    expect(() => loadRuntimeConfig({ EXIT_URLS: 'not json' })).toThrow(/EXIT_URLS/);
    expect(() => loadRuntimeConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
  });
});

describe('a form the server cannot read', () => {
  const broken = { 'content-type': 'multipart/form-data; boundary=zzz' };

  it('gets a translated 400 page, not an error page, and nothing reaches the route', async () => {
    const fake = fakePublicDeps();
    const publicApp = createPublicApp(fake.deps);
    for (const [locale, title] of [
      ['en', 'We could not read this form'],
      ['th', 'เราอ่านแบบฟอร์มนี้ไม่ได้'],
    ] as const) {
      const res = await publicApp.request(`/${locale}/help/request`, {
        method: 'POST',
        headers: broken,
        body: 'not a multipart body',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`lang="${locale}"`);
      expect(html).toContain(title);
    }
    expect(fake.savedReports).toEqual([]);
  });

  it('lets a well-formed multipart form through to its route, with its fields', async () => {
    const form = new FormData();
    form.append('q', 'clinic');
    const res = await app().request('/en/services', { method: 'POST', body: form });
    // The search is sealed and answered with a redirect to its results, as for an ordinary form.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/en\/services\/r\//);
  });
});
