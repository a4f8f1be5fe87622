import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WebAssets } from '../../web/assets.js';
import { HomePage, MessagePage } from '../../web/pages/home.js';
import { renderDocument } from '../../web/render.js';
import type { RuntimeConfig } from '../config.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import type { ListingReportInput } from '../domain/directory/report.js';
import { isLocale, type Locale, negotiateLocale } from '../domain/locales.js';
import type { ReferenceData } from '../reference/index.js';
import { BODY_LIMITS } from './abuse.js';
import { FAVICON_SVG } from './favicon.js';
import { localeFromPath, pageContextFactory } from './page-context.js';
import { createDirectoryRoutes } from './routes/directory-routes.js';
import { createInfoRootRoutes, createInfoRoutes } from './routes/info-routes.js';
import { createPublicApiRoutes } from './routes/public-api-routes.js';
import type { FollowUps } from '../services/followups.js';
import { createFollowUpRoutes } from './routes/followup-routes.js';
import { createRequestApiRoutes } from './routes/request-api-routes.js';
import { createRequestRoutes, type RequestRouteDeps } from './routes/request-routes.js';
import { securityHeaders } from './security-headers.js';

export interface PublicAppDeps {
  config: RuntimeConfig;
  webAssets: WebAssets;
  /** Reports whether the application table is reachable (for /healthz). */
  checkDatabase: () => Promise<boolean>;
  /** The in-memory directory index, refreshed when the directory changes. */
  directory: { get(): Promise<DirectoryIndex> };
  reports: {
    save(serviceId: string, report: Pick<ListingReportInput, 'reason' | 'message'>): Promise<string>;
  };
  reference: ReferenceData;
  /** Callback requests: the service, rate limits, client addresses, the signing secret, used tokens. */
  requests: Pick<
    RequestRouteDeps,
    'requests' | 'limiter' | 'clientAddress' | 'secret' | 'tokens' | 'drafts'
  > & {
    followUps: FollowUps;
  };
  /** Optional extra routers mounted as they are (e.g. the HSDS API under /hsds). */
  mounts?: { path: string; app: Hono }[];
  now?: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

/** General pages may be cached briefly by the CDN; personal pages never are. */
const SHORT_PUBLIC_CACHE = 'public, max-age=60, s-maxage=300';

/**
 * The survivor-facing application: server-rendered pages that work without JavaScript, the public
 * JSON API and the HSDS API. The same app runs in Lambda (handlers/public.ts) and in the local server.
 */
export function createPublicApp(deps: PublicAppDeps): Hono {
  const { config, webAssets } = deps;
  const allowed = config.LOCALES;
  const now = deps.now ?? (() => new Date());
  const pageContext = pageContextFactory(config, webAssets, deps.reference, now);
  const app = new Hono();

  app.use('*', securityHeaders({ styleSources: [webAssets.cssHash] }));
  // A size limit on every route: JSON under /api and /hsds, HTML forms everywhere else. Refused
  // before the body is read, in the reader's language (the local server then closes the connection).
  app.use('*', async (c, next) => {
    const json = c.req.path.startsWith('/api/') || c.req.path.startsWith('/hsds/');
    return bodyLimit({
      maxSize: json ? BODY_LIMITS.json : BODY_LIMITS.form,
      onError: async (c) => {
        if (json) return c.json({ error: { code: 'too_large', issues: [] } }, 413);
        const locale =
          localeFromPath(c, allowed) ?? negotiateLocale(c.req.header('Accept-Language'), allowed);
        const ctx = await pageContext(locale, '/');
        c.header('Cache-Control', 'no-store');
        return c.html(
          renderDocument(
            <MessagePage
              ctx={ctx}
              title={ctx.t('errors.tooLargeTitle')}
              message={ctx.t('errors.tooLarge')}
            />,
          ),
          413,
        );
      },
    })(c, next);
  });

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

  app.route(
    '/api/public',
    createPublicApiRoutes({ directory: deps.directory, reference: deps.reference, now }),
  );
  app.route(
    '/api/public/requests',
    createRequestApiRoutes({ ...deps.requests, now, ...(deps.log ? { log: deps.log } : {}) }),
  );
  for (const mount of deps.mounts ?? []) app.route(mount.path, mount.app);
  app.route('/', createInfoRootRoutes({ webAssets, siteName: config.SITE_NAME }));

  // Everything below lives under a language prefix: /th/services, /km/urgent …
  const localized = new Hono<{ Variables: { locale: Locale } }>();
  localized.use('*', async (c, next) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    c.set('locale', lang);
    await next();
  });
  localized.route(
    '/',
    createDirectoryRoutes({
      directory: deps.directory,
      reports: deps.reports,
      reference: deps.reference,
      pageContext,
      staleAfterDays: config.STALE_AFTER_DAYS,
      now,
      abuse: deps.requests,
      searchSecret: deps.requests.secret,
    }),
  );
  localized.route(
    '/',
    createRequestRoutes({
      ...deps.requests,
      reference: deps.reference,
      pageContext,
      retentionDays: config.RETENTION_DAYS,
      now,
      ...(deps.log ? { log: deps.log } : {}),
    }),
  );
  localized.route('/', createInfoRoutes({ pageContext, reference: deps.reference }));
  localized.route(
    '/',
    createFollowUpRoutes({
      followUps: deps.requests.followUps,
      limiter: deps.requests.limiter,
      clientAddress: deps.requests.clientAddress,
      secret: deps.requests.secret,
      tokens: deps.requests.tokens,
      codes: deps.requests.requests,
      reference: deps.reference,
      pageContext,
      now,
      ...(deps.log ? { log: deps.log } : {}),
    }),
  );
  app.get('/:lang/', async (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    const ctx = await pageContext(lang, '/', { islands: ['listen'] });
    c.header('Cache-Control', SHORT_PUBLIC_CACHE);
    return c.html(renderDocument(<HomePage ctx={ctx} />));
  });
  app.get('/:lang', (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    return c.redirect(`/${lang}/`, 301);
  });
  app.route('/:lang', localized);

  app.notFound(async (c) => {
    const locale = localeFromPath(c, allowed) ?? negotiateLocale(c.req.header('Accept-Language'), allowed);
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
    const locale = localeFromPath(c, allowed) ?? allowed[0] ?? 'en';
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
