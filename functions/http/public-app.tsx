import { Hono } from 'hono';
import { exitUrlFor, type RuntimeConfig } from '../config.js';
import { isLocale, type Locale, negotiateLocale } from '../domain/locales.js';
import type { WebAssets } from '../../web/assets.js';
import { translatorFor } from '../../web/i18n.js';
import type { PageContext } from '../../web/components/layout.js';
import { HomePage, MessagePage } from '../../web/pages/home.js';
import { renderDocument } from '../../web/render.js';
import { securityHeaders } from './security-headers.js';
import { FAVICON_SVG } from './favicon.js';

export interface PublicAppDeps {
  config: RuntimeConfig;
  webAssets: WebAssets;
  /** Reports whether the application table is reachable (for /healthz). */
  checkDatabase: () => Promise<boolean>;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

/** Directory and general pages may be cached briefly by the CDN; personal pages never are. */
const SHORT_PUBLIC_CACHE = 'public, max-age=60, s-maxage=300';

/**
 * The survivor-facing application: server-rendered pages that work without JavaScript.
 * The same app runs in Lambda (handlers/public.ts) and in the local Node server.
 */
export function createPublicApp(deps: PublicAppDeps): Hono {
  const { config, webAssets } = deps;
  const allowed = config.LOCALES;
  const app = new Hono();

  app.use('*', securityHeaders({ styleSources: [webAssets.cssHash] }));

  async function pageContext(
    locale: Locale,
    pathAfterLocale: string,
    islands: string[] = ['quick-exit'],
  ): Promise<PageContext> {
    return {
      locale,
      locales: allowed,
      t: await translatorFor(locale),
      siteName: config.SITE_NAME,
      exitUrl: exitUrlFor(config, locale),
      pathAfterLocale,
      css: webAssets.css,
      scripts: islands.map((name) => webAssets.scripts[name]?.path).filter((p): p is string => Boolean(p)),
    };
  }

  app.get('/', (c) => {
    const locale = negotiateLocale(c.req.header('Accept-Language'), allowed);
    c.header('Vary', 'Accept-Language');
    c.header('Cache-Control', 'no-store');
    return c.redirect(`/${locale}/`, 302);
  });

  app.get('/healthz', async (c) => {
    const ok = await deps.checkDatabase();
    return c.json({ db: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });

  app.get('/favicon.svg', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml' });
  });

  app.get('/assets/:file', (c) => {
    const path = `/assets/${c.req.param('file')}`;
    const asset = Object.values(webAssets.scripts).find((a) => a.path === path);
    if (!asset) return c.text('Not found', 404);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.content, 200, { 'Content-Type': asset.contentType });
  });

  app.get('/:lang', (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    return c.redirect(`/${lang}/`, 301);
  });

  app.get('/:lang/', async (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    const ctx = await pageContext(lang, '/');
    c.header('Cache-Control', SHORT_PUBLIC_CACHE);
    return c.html(renderDocument(<HomePage ctx={ctx} />));
  });

  app.notFound(async (c) => {
    const first = c.req.path.split('/')[1];
    const locale =
      isLocale(first) && allowed.includes(first)
        ? first
        : negotiateLocale(c.req.header('Accept-Language'), allowed);
    const ctx = await pageContext(locale, '/');
    return c.html(
      renderDocument(
        <MessagePage ctx={ctx} title={ctx.t('errors.notFoundTitle')} message={ctx.t('errors.notFound')} />,
      ),
      404,
    );
  });

  app.onError(async (error, c) => {
    // Only the error's class name is logged: never a body, a header or a client address.
    deps.log?.('public.unhandled_error', { error: error.name });
    const first = c.req.path.split('/')[1];
    const locale = isLocale(first) && allowed.includes(first) ? first : (allowed[0] ?? 'en');
    const ctx = await pageContext(locale, '/');
    return c.html(
      renderDocument(
        <MessagePage ctx={ctx} title={ctx.t('errors.serverTitle')} message={ctx.t('errors.server')} />,
      ),
      500,
    );
  });

  return app;
}
