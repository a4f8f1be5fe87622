import { Hono } from 'hono';
import type { WebAssets } from '../../../web/assets.js';
import { FamiliesPage } from '../../../web/pages/families.js';
import { RightsPage } from '../../../web/pages/rights.js';
import { RemovedPage, SafetyPage } from '../../../web/pages/safety.js';
import { renderDocument } from '../../../web/render.js';
import type { Locale } from '../../domain/locales.js';
import type { ReferenceData } from '../../reference/index.js';
import { type CountryRights, rightsData } from '../../reference/rights.js';
import type { PageContextFactory } from '../page-context.js';

export interface InfoRouteDeps {
  pageContext: PageContextFactory;
  reference: ReferenceData;
  /** Rights per country; defaults to functions/reference/rights.json. */
  rights?: Map<string, CountryRights>;
}

type Env = { Variables: { locale: Locale } };

/** General pages are the same for everyone: the CDN may cache them for a short while. */
const GENERAL_CACHE = 'public, max-age=60, s-maxage=300';

/**
 * What "Remove what this site saved" asks the browser to delete for this origin: the HTTP cache
 * and all storage, which includes service worker registrations and their caches.
 */
export const CLEAR_SITE_DATA = '"cache", "storage"';

/**
 * Information pages under /:lang: staying safe online (with the opt-in offline save and its
 * removal), families, and rights per country. Neutral paths, complete HTML, no JavaScript needed.
 */
export function createInfoRoutes(deps: InfoRouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  // Parsed with the first rights page, not at cold start.
  const rights = () => deps.rights ?? rightsData();

  app.get('/safety', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/safety', { islands: ['offline-save', 'listen'] });
    c.header('Cache-Control', GENERAL_CACHE);
    return c.html(renderDocument(<SafetyPage ctx={ctx} />));
  });

  app.post('/safety/remove-saved', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/safety');
    c.header('Clear-Site-Data', CLEAR_SITE_DATA);
    c.header('Cache-Control', 'no-store');
    return c.html(renderDocument(<RemovedPage ctx={ctx} />));
  });

  app.get('/families', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/families');
    c.header('Cache-Control', GENERAL_CACHE);
    return c.html(renderDocument(<FamiliesPage ctx={ctx} />));
  });

  app.get('/rights', async (c) => {
    const countries = deps.reference.countries;
    const requested = c.req.query('country');
    const country = countries.find((x) => x.id === requested)?.id ?? countries[0]?.id ?? '';
    const ctx = await deps.pageContext(c.get('locale'), `/rights?country=${country}`);
    c.header('Cache-Control', GENERAL_CACHE);
    return c.html(
      renderDocument(
        <RightsPage ctx={ctx} countries={countries} country={country} rights={rights().get(country)} />,
      ),
    );
  });

  return app;
}

export interface InfoRootRouteDeps {
  webAssets: WebAssets;
  siteName: string;
}

/**
 * Files that must live at the site root: the service worker (its scope is the folder it is served
 * from) and the web app manifest, which carries only the neutral site name.
 */
export function createInfoRootRoutes(deps: InfoRootRouteDeps): Hono {
  const app = new Hono();

  app.get('/sw.js', (c) => {
    const worker = deps.webAssets.serviceWorker;
    if (!worker) return c.text('Not found', 404);
    // Always revalidated, so a fixed or removed worker reaches phones at once.
    c.header('Cache-Control', 'no-cache');
    return c.body(worker.content, 200, { 'Content-Type': worker.contentType });
  });

  app.get('/manifest.webmanifest', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(
      JSON.stringify({
        name: deps.siteName,
        short_name: deps.siteName,
        start_url: '/',
        scope: '/',
        display: 'browser',
        background_color: '#ffffff',
        theme_color: '#1d4e89',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      }),
      200,
      { 'Content-Type': 'application/manifest+json; charset=utf-8' },
    );
  });

  return app;
}
