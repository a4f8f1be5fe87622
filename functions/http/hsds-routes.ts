import { Hono } from 'hono';
import * as z from 'zod';
// The parts the API serves, not the hsds/ index: that would bring the importer (and its schemas)
// into the public function's bundle and cold start.
import { HsdsView } from '../domain/directory/hsds/export-view.js';
import { HSDS_OPENAPI_URL, HSDS_PROFILE_URL, HSDS_VERSION } from '../domain/directory/hsds/ids.js';
import {
  type DirectoryLabels,
  type HsdsTaxonomy,
  type HsdsTaxonomyTerm,
  hsdsTaxonomies,
  hsdsTaxonomyTerms,
} from '../domain/directory/hsds/taxonomy.js';
import type { HsdsService } from '../domain/directory/hsds/types.js';
import type { Service } from '../domain/directory/model.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import { normalize } from '../domain/directory/text.js';
import { type Locale, SUPPORTED_LOCALES } from '../domain/locales.js';
import { referenceData } from '../reference/index.js';
import { lazySchema } from '../domain/lazy-schema.js';

/**
 * The read-only HSDS 3.0 API (schema/openapi.json) over the public directory:
 *   GET /                       API information
 *   GET /services               paged; search, taxonomy_term_id, taxonomy_id, organization_id,
 *                               modified_after, minimal, full
 *   GET /services/{id}          fully nested service
 *   GET /organizations          paged; search, full, full_service
 *   GET /organizations/{id}     nested organization with its services (full_service for full ones)
 *   GET /taxonomies[/{id}]      the two Waypoint taxonomies
 *   GET /taxonomy_terms[/{id}]  paged; search, taxonomy_id, parent_id, top_only
 * Every list and object takes `locale` (one of ours; texts without a translation are English).
 * Ids may be the HSDS UUID or our own id (or a term code / taxonomy name). Only active services
 * are served, as on the public site; confidential locations never carry address or coordinates.
 * Mounted by the public app with app.route('/hsds', createHsdsRoutes(...)).
 */
export interface HsdsRoutesDeps {
  directory: () => Promise<DirectoryIndex>;
  /** Area and sub-type labels in a locale (locales/<lang>/directory.json); English when absent. */
  labels?: (locale: Locale) => DirectoryLabels | undefined;
}

const MAX_PER_PAGE = 200;
const MAX_ID_LENGTH = 200;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const text = z.string().trim().max(200);
const Common = lazySchema(() =>
  z.object({
    locale: z.enum(SUPPORTED_LOCALES).default('en'),
    // Only JSON: ndjson streaming is not offered.
    format: z.literal('json').optional(),
  }),
);
const Paged = lazySchema(() =>
  Common.extend({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(50),
    search: text.optional(),
  }),
);
const ServicesQuery = lazySchema(() =>
  Paged.extend({
    taxonomy_term_id: text.optional(),
    taxonomy_id: text.optional(),
    organization_id: text.optional(),
    modified_after: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    minimal: bool.optional(),
    full: bool.optional(),
  }),
);
const OrganizationsQuery = lazySchema(() =>
  Paged.extend({ full: bool.optional(), full_service: bool.optional() }),
);
const OrganizationQuery = lazySchema(() => Common.extend({ full_service: bool.optional() }));
const TaxonomyTermsQuery = lazySchema(() =>
  Paged.extend({
    taxonomy_id: text.optional(),
    parent_id: text.optional(),
    top_only: bool.optional(),
  }),
);

interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

function paginate<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const contents = items.slice((page - 1) * perPage, page * perPage);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Views per directory version and locale: built once, shared by every request until the directory changes. */
interface CachedView {
  view: HsdsView;
  terms: HsdsTaxonomyTerm[];
  full: Map<string, HsdsService>;
}

export function createHsdsRoutes(deps: HsdsRoutesDeps): Hono {
  const app = new Hono();
  const cache = new WeakMap<DirectoryIndex, Map<Locale, CachedView>>();
  const reference = referenceData(); // parsed with the first view, not at cold start

  async function viewFor(locale: Locale): Promise<CachedView & { index: DirectoryIndex }> {
    const index = await deps.directory();
    let byLocale = cache.get(index);
    if (!byLocale) {
      byLocale = new Map();
      cache.set(index, byLocale);
    }
    let cached = byLocale.get(locale);
    if (!cached) {
      const { organizations, services, locations } = index.snapshot;
      const labels = deps.labels?.(locale);
      cached = {
        view: new HsdsView(
          { organizations, services: services.filter((s) => s.status === 'active'), locations },
          { locale, places: reference.places, ...(labels ? { labels } : {}) },
        ),
        terms: hsdsTaxonomyTerms(locale, labels),
        full: new Map(),
      };
      byLocale.set(locale, cached);
    }
    return { ...cached, index };
  }

  const fullService = (cached: CachedView, service: Service): HsdsService => {
    let result = cached.full.get(service.id);
    if (!result) {
      result = cached.view.service(service);
      cached.full.set(service.id, result);
    }
    return result;
  };

  const findTerm = (terms: HsdsTaxonomyTerm[], id: string) =>
    terms.find((t) => t.id === id.toLowerCase() || t.code === id);
  const findTaxonomy = (id: string): HsdsTaxonomy | undefined =>
    hsdsTaxonomies().find((t) => t.id === id.toLowerCase() || t.name === id);

  app.get('/', (c) =>
    c.json({ version: HSDS_VERSION, profile: HSDS_PROFILE_URL, openapi_url: HSDS_OPENAPI_URL }),
  );

  app.get('/services', async (c) => {
    const q = ServicesQuery.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const { locale, page, per_page, search } = q.data;
    const cached = await viewFor(locale);
    const { view, index } = cached;

    let services: Service[];
    if (search) {
      // Ranked by the portal's own search (synonyms, every script); then the HSDS filters.
      const ids: string[] = [];
      for (let p = 1; ; p++) {
        const result = index.search({ text: search, page: p, pageSize: 100 });
        ids.push(...result.hits.map((h) => h.service.id));
        if (p >= result.pages) break;
      }
      services = ids.map((id) => view.findService(id)).filter((s): s is Service => s !== undefined);
    } else {
      const collator = new Intl.Collator(locale);
      services = [...view.directory.services].sort((a, b) =>
        collator.compare(a.name[locale] ?? a.name.en, b.name[locale] ?? b.name.en),
      );
    }

    if (q.data.organization_id) {
      const org = view.findOrganization(q.data.organization_id);
      services = org ? services.filter((s) => s.organizationId === org.id) : [];
    }
    if (q.data.taxonomy_term_id) {
      const term = findTerm(cached.terms, q.data.taxonomy_term_id);
      services = term
        ? services.filter((s) =>
            fullService(cached, s).attributes.some((a) => a.taxonomy_term_id === term.id),
          )
        : [];
    }
    if (q.data.taxonomy_id) {
      const taxonomy = findTaxonomy(q.data.taxonomy_id);
      services = taxonomy
        ? services.filter((s) =>
            fullService(cached, s).attributes.some((a) => a.taxonomy_term.taxonomy_id === taxonomy.id),
          )
        : [];
    }
    if (q.data.modified_after) {
      const after = Date.parse(q.data.modified_after);
      services = services.filter((s) => s.updatedAt !== undefined && Date.parse(s.updatedAt) >= after);
    }

    const paged = paginate(services, page, per_page);
    if (q.data.minimal) {
      return c.json({
        ...paged,
        contents: paged.contents.map((s) => {
          // The list schema (compiled/service_list.json) requires id, name and status.
          const brief = view.serviceBrief(s);
          return {
            id: brief.id,
            name: brief.name,
            status: brief.status,
            ...(brief.last_modified ? { last_modified: brief.last_modified } : {}),
          };
        }),
      });
    }
    return c.json({
      ...paged,
      contents: paged.contents.map((s) => (q.data.full ? fullService(cached, s) : view.serviceBrief(s))),
    });
  });

  app.get('/services/:id', async (c) => {
    const q = Common.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const id = c.req.param('id');
    const cached = await viewFor(q.data.locale);
    const service = id.length <= MAX_ID_LENGTH ? cached.view.findService(id) : undefined;
    if (!service) return notFound(c, 'service');
    return c.json(fullService(cached, service));
  });

  app.get('/organizations', async (c) => {
    const q = OrganizationsQuery.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const { locale, page, per_page, search } = q.data;
    const { view } = await viewFor(locale);
    const wanted = search ? normalize(search) : undefined;
    const collator = new Intl.Collator(locale);
    const orgs = view.directory.organizations
      .filter(
        (o) =>
          !wanted ||
          [...Object.values(o.name), ...Object.values(o.description ?? {})].some((t) =>
            normalize(t).includes(wanted),
          ),
      )
      .sort((a, b) => collator.compare(a.name[locale] ?? a.name.en, b.name[locale] ?? b.name.en));
    const paged = paginate(orgs, page, per_page);
    const shape = (o: (typeof orgs)[number]) =>
      q.data.full_service
        ? view.organization(o, 'full')
        : q.data.full
          ? view.organization(o, 'brief')
          : view.organizationBrief(o);
    return c.json({ ...paged, contents: paged.contents.map(shape) });
  });

  app.get('/organizations/:id', async (c) => {
    const q = OrganizationQuery.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const id = c.req.param('id');
    const { view } = await viewFor(q.data.locale);
    const org = id.length <= MAX_ID_LENGTH ? view.findOrganization(id) : undefined;
    if (!org) return notFound(c, 'organization');
    return c.json(view.organization(org, q.data.full_service ? 'full' : 'brief'));
  });

  app.get('/taxonomies', (c) => {
    const q = Paged.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const wanted = q.data.search ? normalize(q.data.search) : undefined;
    const list = hsdsTaxonomies().filter(
      (t) => !wanted || normalize(`${t.name} ${t.description}`).includes(wanted),
    );
    return c.json(paginate(list, q.data.page, q.data.per_page));
  });

  app.get('/taxonomies/:id', (c) => {
    const q = Common.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const taxonomy = findTaxonomy(c.req.param('id'));
    return taxonomy ? c.json(taxonomy) : notFound(c, 'taxonomy');
  });

  app.get('/taxonomy_terms', async (c) => {
    const q = TaxonomyTermsQuery.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const { terms } = await viewFor(q.data.locale);
    const wanted = q.data.search ? normalize(q.data.search) : undefined;
    const taxonomy = q.data.taxonomy_id ? findTaxonomy(q.data.taxonomy_id) : undefined;
    const parent = q.data.parent_id ? findTerm(terms, q.data.parent_id) : undefined;
    const list = terms.filter(
      (t) =>
        (!q.data.taxonomy_id || t.taxonomy_id === taxonomy?.id) &&
        (!q.data.parent_id || (parent !== undefined && t.parent_id === parent.id)) &&
        (!q.data.top_only || t.parent_id === undefined) &&
        (!wanted || normalize(`${t.code} ${t.name} ${t.description}`).includes(wanted)),
    );
    return c.json(paginate(list, q.data.page, q.data.per_page));
  });

  app.get('/taxonomy_terms/:id', async (c) => {
    const q = Common.safeParse(c.req.query());
    if (!q.success) return badRequest(c, q.error);
    const { terms } = await viewFor(q.data.locale);
    const term = findTerm(terms, c.req.param('id'));
    return term ? c.json(term) : notFound(c, 'taxonomy term');
  });

  // JSON everywhere under /hsds: a trailing slash answers as without it; anything else is a JSON 404.
  app.all('*', (c) => {
    const url = new URL(c.req.url);
    if (c.req.method === 'GET' && url.pathname.endsWith('/')) {
      // Mounted under a prefix ("/hsds/*" here): this app's own routes do not carry it.
      const prefix = c.req.routePath.replace(/\/?\*$/, '');
      const own = url.pathname.slice(prefix.length).replace(/\/+$/, '') || '/';
      if (own !== url.pathname)
        return app.fetch(new Request(new URL(own + url.search, url), c.req.raw), c.env);
    }
    return c.json({ code: 'not_found', path: url.pathname, message: 'No such HSDS API path' }, 404);
  });

  app.onError((error, c) => {
    console.error('HSDS API error', error);
    return c.json({ code: 'internal_error', path: '' }, 500);
  });

  return app;
}

type JsonContext = { json: (body: unknown, status: 400 | 404) => Response };

/** 400 with the first problem: which parameter and what is wrong with it. */
function badRequest(c: JsonContext, error: z.ZodError): Response {
  const issue = error.issues[0];
  return c.json(
    {
      code: 'invalid_parameter',
      path: issue?.path.join('.') ?? '',
      message: issue?.message ?? 'invalid request',
    },
    400,
  );
}

function notFound(c: JsonContext, what: string): Response {
  return c.json({ code: 'not_found', path: 'id', message: `No ${what} with this id` }, 404);
}
