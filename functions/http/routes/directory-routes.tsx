import { Hono } from 'hono';
import type { DirectoryIndex } from '../../domain/directory/search.js';
import type { ListingReportInput } from '../../domain/directory/report.js';
import { ListingReportInputSchema } from '../../domain/directory/report.js';
import type { Locale } from '../../domain/locales.js';
import { childPlaces, type ReferenceData } from '../../reference/index.js';
import { DiscreetCardPage, UrgentPage } from '../../../web/pages/card.js';
import { MessagePage } from '../../../web/pages/home.js';
import { ReportPage } from '../../../web/pages/report.js';
import { ServicePage } from '../../../web/pages/service.js';
import { type FinderData, ServicesFinderPage, ServicesResultsPage } from '../../../web/pages/services.js';
import { renderDocument } from '../../../web/render.js';
import { hasMyanmar, loadZawgyiTools } from '../../domain/directory/burmese.js';
import type { Service } from '../../domain/directory/model.js';
import { areaFromCode, PUBLIC_SERVICE_ID, publicServiceId } from '../../domain/directory/public-ids.js';
import { openSearch, sealSearch } from '../../domain/directory/sealed-search.js';
import {
  backPathFrom,
  type DirectorySearchParams,
  DirectorySearchParamsSchema,
  hasCriteria,
  hasWords,
  searchParamsFromUrl,
  toQueryString,
  toSearchQuery,
} from '../../domain/directory/search-params.js';
import { type AbuseDeps, hitClient, LIMITS } from '../abuse.js';
import type { PageContextFactory } from '../page-context.js';
import { once } from '../../domain/once.js';

export interface DirectoryRouteDeps {
  directory: { get(): Promise<DirectoryIndex> };
  reports: {
    save(serviceId: string, report: Pick<ListingReportInput, 'reason' | 'message'>): Promise<string>;
  };
  reference: ReferenceData;
  pageContext: PageContextFactory;
  staleAfterDays: number;
  now: () => Date;
  /** Problem reports are a public write: rate-limited per client like every other. */
  abuse: AbuseDeps;
  /** The server secret: searches with words are sealed under a key derived from it. */
  searchSecret: string;
}

type Env = { Variables: { locale: Locale } };

/** Opaque public id → service, built once per directory index (the index is replaced on change). */
const byPublicId = new WeakMap<DirectoryIndex, Map<string, Service>>();

/** The service a public address names by its opaque id (public-ids.ts), or undefined. */
function servicePublicly(index: DirectoryIndex, id: string): Service | undefined {
  if (!PUBLIC_SERVICE_ID.test(id)) return undefined;
  let map = byPublicId.get(index);
  if (!map) {
    map = new Map();
    for (const service of index.snapshot.services) {
      // Only services the index shows (active ones): getService is the index's own rule.
      const shown = index.getService(service.id);
      if (shown) map.set(publicServiceId(shown.id), shown);
    }
    byPublicId.set(index, map);
  }
  return map.get(id);
}

/** Directory pages are the same for everyone: the CDN may cache them for a short while. */
const DIRECTORY_CACHE = 'public, max-age=60, s-maxage=300';
/** What someone searched for says something about them: results are never kept by a browser or CDN. */
const SEARCH_RESULTS_CACHE = 'no-store';

/**
 * Public directory pages, mounted under /:lang. Every page is complete HTML and every form a
 * plain GET or POST form, so they work with JavaScript off and in proxy browsers.
 */
export function createDirectoryRoutes(deps: DirectoryRouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  // Built with the first finder page: reading the places here would parse them at cold start.
  const finder = once(
    (): FinderData => ({
      countries: deps.reference.countries,
      provinces: new Map(deps.reference.countries.map((c) => [c.id, childPlaces(deps.reference, c.id)])),
    }),
  );

  /** The 400 page for a search that does not read (a hand-edited address, a broken form). */
  async function badQuery(locale: Locale) {
    const ctx = await deps.pageContext(locale, '/services');
    return renderDocument(
      <MessagePage
        ctx={ctx}
        title={ctx.t('directory:find.title')}
        message={ctx.t('directory:find.badQuery')}
      />,
    );
  }

  /** Renders one page of results; `token` when the search is sealed (it has words). */
  async function results(
    locale: Locale,
    params: DirectorySearchParams,
    address: string,
    token: string | undefined,
  ) {
    const index = await deps.directory.get();
    const now = deps.now();
    if (params.q && hasMyanmar(params.q)) await loadZawgyiTools();
    const result = index.search(toSearchQuery(params, locale), now);
    const ctx = await deps.pageContext(locale, address, {
      islands: ['near-me'],
      sampleData: result.hits.some((h) => h.service.sample),
    });
    return renderDocument(
      <ServicesResultsPage
        ctx={ctx}
        params={params}
        token={token}
        finder={finder()}
        result={result}
        index={index}
        now={now}
        places={deps.reference.placeById}
      />,
    );
  }

  /** Where a search with words is shown: its sealed address (see domain/directory/sealed-search.ts). */
  function sealedAddress(locale: Locale, params: DirectorySearchParams): string {
    const token = sealSearch(params, deps.searchSecret, deps.now().getTime());
    return `/${locale}/services/r/${token}${params.page && params.page > 1 ? `?page=${params.page}` : ''}`;
  }

  app.get('/services', async (c) => {
    const locale = c.get('locale');
    const queries = c.req.queries();
    const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(queries));
    if (!parsed.success) return c.html(await badQuery(locale), 400);
    const params = parsed.data;
    c.header('Cache-Control', hasCriteria(params) ? SEARCH_RESULTS_CACHE : DIRECTORY_CACHE);
    // An old link with words (?q=…): answered at a sealed address, so the words leave the history.
    if (hasWords(params)) return c.redirect(sealedAddress(locale, params), 303);
    // An old link with an area's id (?area=housing): the same page under the area's neutral code.
    const neutral = toQueryString(params);
    if ((queries.area ?? []).some((a) => a.trim() !== '' && !areaFromCode(a)))
      return c.redirect(`/${locale}/services${neutral ? `?${neutral}` : ''}`, 301);
    const pathWithQuery = `/services${neutral ? `?${neutral}` : ''}`;
    if (!hasCriteria(params)) {
      const ctx = await deps.pageContext(locale, pathWithQuery);
      return c.html(renderDocument(<ServicesFinderPage ctx={ctx} params={params} finder={finder()} />));
    }
    return c.html(await results(locale, params, pathWithQuery, undefined));
  });

  // The search form posts here: the words go in the request body, never in an address, and the
  // answer is a redirect (303) to the sealed results address, so Back and Reload resend nothing.
  app.post('/services', async (c) => {
    const locale = c.get('locale');
    const body = await c.req.parseBody({ all: true });
    const queries: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(body)) {
      const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');
      if (values.length) queries[key] = values;
    }
    c.header('Cache-Control', SEARCH_RESULTS_CACHE);
    const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(queries));
    if (!parsed.success) return c.html(await badQuery(locale), 400);
    if (!hasCriteria(parsed.data)) return c.redirect(`/${locale}/services`, 303);
    return c.redirect(sealedAddress(locale, parsed.data), 303);
  });

  app.get('/services/r/:token', async (c) => {
    const locale = c.get('locale');
    const token = c.req.param('token');
    c.header('Cache-Control', SEARCH_RESULTS_CACHE);
    const opened = openSearch(token, deps.searchSecret, deps.now().getTime());
    if (!opened.ok) {
      const ctx = await deps.pageContext(locale, '/services');
      return c.html(
        renderDocument(
          <ServicesFinderPage
            ctx={ctx}
            params={DirectorySearchParamsSchema.parse({})}
            finder={finder()}
            expired
          />,
        ),
      );
    }
    const page = Number(c.req.query('page'));
    const onPage = Number.isInteger(page) && page > 1 && page <= 10_000 ? page : undefined;
    const address = `/services/r/${token}${onPage ? `?page=${onPage}` : ''}`;
    return c.html(await results(locale, { ...opened.params, page: onPage }, address, token));
  });

  app.get('/services/:id', async (c) => {
    const locale = c.get('locale');
    const id = c.req.param('id');
    const index = await deps.directory.get();
    const service = servicePublicly(index, id);
    if (!service) {
      // An old address with the listing's id (words): the same page at its opaque address.
      const old = index.getService(id);
      if (old) return c.redirect(`/${locale}/services/${publicServiceId(old.id)}`, 301);
      return c.notFound();
    }
    const ctx = await deps.pageContext(locale, `/services/${id}`, { sampleData: service.sample });
    const organization = index.snapshot.organizations.find((o) => o.id === service.organizationId);
    const locations = index.snapshot.locations.filter((l) => service.locationIds.includes(l.id));
    c.header('Cache-Control', DIRECTORY_CACHE);
    return c.html(
      renderDocument(
        <ServicePage
          ctx={ctx}
          service={service}
          organization={organization}
          locations={locations}
          places={deps.reference.placeById}
          now={deps.now()}
          staleAfterDays={deps.staleAfterDays}
          backPath={backPathFrom(c.req.query('back'))}
        />,
      ),
    );
  });

  app.get('/services/:id/report', async (c) => {
    const locale = c.get('locale');
    const id = c.req.param('id');
    const index = await deps.directory.get();
    const service = servicePublicly(index, id);
    if (!service) {
      const old = index.getService(id);
      if (old) return c.redirect(`/${locale}/services/${publicServiceId(old.id)}/report`, 301);
      return c.notFound();
    }
    const ctx = await deps.pageContext(locale, `/services/${id}/report`);
    return c.html(renderDocument(<ReportPage ctx={ctx} service={service} state={{}} />));
  });

  app.post('/services/:id/report', async (c) => {
    const locale = c.get('locale');
    const index = await deps.directory.get();
    // The opaque id; a form loaded before the change may still post the listing's id.
    const service = servicePublicly(index, c.req.param('id')) ?? index.getService(c.req.param('id'));
    if (!service) return c.notFound();
    const form = await c.req.parseBody();
    const input = { reason: form.reason, message: form.message, website: form.website };
    const parsed = ListingReportInputSchema.safeParse({
      reason: typeof input.reason === 'string' ? input.reason : undefined,
      message: typeof input.message === 'string' ? input.message : undefined,
      website: typeof input.website === 'string' ? input.website : undefined,
    });
    const ctx = await deps.pageContext(locale, `/services/${publicServiceId(service.id)}/report`);
    if (!parsed.success) {
      const errors: Partial<Record<'reason' | 'message', string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'reason' || field === 'message')
          errors[field] = issue.message.startsWith('error')
            ? issue.message
            : field === 'reason'
              ? 'errorReason'
              : 'errorMessage';
      }
      // A filled honeypot is answered like a success, and nothing is stored.
      if (!errors.reason && !errors.message)
        return c.html(
          renderDocument(
            <MessagePage
              ctx={ctx}
              title={ctx.t('directory:report.thanksTitle')}
              message={ctx.t('directory:report.thanks')}
            />,
          ),
        );
      return c.html(
        renderDocument(
          <ReportPage
            ctx={ctx}
            service={service}
            state={{
              reason: typeof input.reason === 'string' ? input.reason : undefined,
              message: typeof input.message === 'string' ? input.message : undefined,
              errors,
            }}
          />,
        ),
        400,
      );
    }
    if (!(await hitClient(deps.abuse, c, LIMITS.report)).allowed)
      return c.html(
        renderDocument(
          <MessagePage
            ctx={ctx}
            title={ctx.t('directory:report.title')}
            message={ctx.t('directory:report.tooMany')}
          />,
        ),
        429,
      );
    await deps.reports.save(service.id, parsed.data);
    return c.html(
      renderDocument(
        <MessagePage
          ctx={ctx}
          title={ctx.t('directory:report.thanksTitle')}
          message={ctx.t('directory:report.thanks')}
        />,
      ),
    );
  });

  app.get('/card', async (c) => {
    const locale = c.get('locale');
    const ids = (c.req.queries('id') ?? []).slice(0, 20);
    const index = await deps.directory.get();
    // The card is personal (which services someone chose): never cached.
    c.header('Cache-Control', 'no-store');
    const services = ids
      .map((id) => servicePublicly(index, id) ?? index.getService(id))
      .filter((s) => s !== undefined);
    const opaque = services.map((s) => publicServiceId(s.id));
    const query = opaque.map((i) => `id=${i}`).join('&');
    // An old card address with listing ids: the same card with opaque ids.
    if (ids.some((id) => !PUBLIC_SERVICE_ID.test(id)))
      return c.redirect(`/${locale}/card${query ? `?${query}` : ''}`, 301);
    const ctx = await deps.pageContext(locale, `/card${query ? `?${query}` : ''}`);
    return c.html(
      renderDocument(
        <DiscreetCardPage ctx={ctx} services={services} organizations={index.snapshot.organizations} />,
      ),
    );
  });

  app.get('/urgent', async (c) => {
    const locale = c.get('locale');
    const requested = c.req.query('country');
    const countries = deps.reference.countries;
    const all = requested === 'all';
    const country = all ? 'all' : countries.find((x) => x.id === requested)?.id;
    const ctx = await deps.pageContext(locale, country ? `/urgent?country=${country}` : '/urgent', {
      islands: ['listen'],
    });
    c.header('Cache-Control', DIRECTORY_CACHE);
    // Without a chosen country: the language's country, else every country (domain/urgent-help.ts).
    const help = ctx.urgentHelp(all ? undefined : country, { suggest: !all });
    return c.html(renderDocument(<UrgentPage ctx={ctx} countries={countries} help={help} />));
  });

  return app;
}
