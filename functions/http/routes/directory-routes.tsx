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
import { hasMyanmar, loadZawgyiTools } from '../../domain/directory/text.js';
import {
  backQueryFrom,
  DirectorySearchParamsSchema,
  hasCriteria,
  searchParamsFromUrl,
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
}

type Env = { Variables: { locale: Locale } };

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

  app.get('/services', async (c) => {
    const locale = c.get('locale');
    const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(c.req.queries()));
    if (!parsed.success) {
      const ctx = await deps.pageContext(locale, '/services');
      const t = ctx.t;
      return c.html(
        renderDocument(
          <MessagePage ctx={ctx} title={t('directory:find.title')} message={t('directory:find.badQuery')} />,
        ),
        400,
      );
    }
    const params = parsed.data;
    const pathWithQuery = `/services${c.req.url.includes('?') ? c.req.url.slice(c.req.url.indexOf('?')) : ''}`;
    c.header('Cache-Control', hasCriteria(params) ? SEARCH_RESULTS_CACHE : DIRECTORY_CACHE);
    if (!hasCriteria(params)) {
      const ctx = await deps.pageContext(locale, pathWithQuery);
      return c.html(renderDocument(<ServicesFinderPage ctx={ctx} params={params} finder={finder()} />));
    }
    const index = await deps.directory.get();
    const now = deps.now();
    if (params.q && hasMyanmar(params.q)) await loadZawgyiTools();
    const result = index.search(toSearchQuery(params, locale), now);
    const ctx = await deps.pageContext(locale, pathWithQuery, {
      islands: ['near-me'],
      sampleData: result.hits.some((h) => h.service.sample),
    });
    return c.html(
      renderDocument(
        <ServicesResultsPage
          ctx={ctx}
          params={params}
          finder={finder()}
          result={result}
          index={index}
          now={now}
          places={deps.reference.placeById}
        />,
      ),
    );
  });

  app.get('/services/:id', async (c) => {
    const locale = c.get('locale');
    const id = c.req.param('id');
    const index = await deps.directory.get();
    const service = index.getService(id);
    if (!service) return c.notFound();
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
          backQuery={backQueryFrom(c.req.query('back'))}
        />,
      ),
    );
  });

  app.get('/services/:id/report', async (c) => {
    const locale = c.get('locale');
    const index = await deps.directory.get();
    const service = index.getService(c.req.param('id'));
    if (!service) return c.notFound();
    const ctx = await deps.pageContext(locale, `/services/${service.id}/report`);
    return c.html(renderDocument(<ReportPage ctx={ctx} service={service} state={{}} />));
  });

  app.post('/services/:id/report', async (c) => {
    const locale = c.get('locale');
    const index = await deps.directory.get();
    const service = index.getService(c.req.param('id'));
    if (!service) return c.notFound();
    const form = await c.req.parseBody();
    const input = { reason: form.reason, message: form.message, website: form.website };
    const parsed = ListingReportInputSchema.safeParse({
      reason: typeof input.reason === 'string' ? input.reason : undefined,
      message: typeof input.message === 'string' ? input.message : undefined,
      website: typeof input.website === 'string' ? input.website : undefined,
    });
    const ctx = await deps.pageContext(locale, `/services/${service.id}/report`);
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
    const services = ids.map((id) => index.getService(id)).filter((s) => s !== undefined);
    const ctx = await deps.pageContext(
      locale,
      `/card${ids.length ? `?${ids.map((i) => `id=${encodeURIComponent(i)}`).join('&')}` : ''}`,
    );
    // The card is personal (which services someone chose): never cached.
    c.header('Cache-Control', 'no-store');
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
    const ctx = await deps.pageContext(locale, country ? `/urgent?country=${country}` : '/urgent');
    c.header('Cache-Control', DIRECTORY_CACHE);
    // Without a chosen country: the language's country, else every country (domain/urgent-help.ts).
    const help = ctx.urgentHelp(all ? undefined : country, { suggest: !all });
    return c.html(renderDocument(<UrgentPage ctx={ctx} countries={countries} help={help} />));
  });

  return app;
}
