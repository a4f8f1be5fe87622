import { Hono } from 'hono';
import { hasMyanmar, loadZawgyiTools } from '../../domain/directory/burmese.js';
import * as z from 'zod';
import type { PublicLocation, Service } from '../../domain/directory/model.js';
import { isOpenAt } from '../../domain/directory/schedule.js';
import type { DirectoryIndex } from '../../domain/directory/search.js';
import { DEFAULT_LOCALE, inLocale, isLocale, type Locale } from '../../domain/locales.js';
import type { ReferenceData } from '../../reference/index.js';
import {
  DirectorySearchParamsSchema,
  hasCriteria,
  searchParamsFromUrl,
  toSearchQuery,
} from '../../domain/directory/search-params.js';
import { validationErrorBody } from '../errors.js';

export interface PublicApiDeps {
  directory: { get(): Promise<DirectoryIndex> };
  reference: ReferenceData;
  now: () => Date;
}

const LangSchema = z.string().refine(isLocale).optional();

/** The public JSON API: the same search and filters as the pages, texts in the requested language. */
export function createPublicApiRoutes(deps: PublicApiDeps): Hono {
  const app = new Hono();

  app.get('/services', async (c) => {
    const raw = searchParamsFromUrl(c.req.queries());
    const { lang: rawLang, ...rest } = raw;
    const lang = LangSchema.safeParse(rawLang);
    const parsed = DirectorySearchParamsSchema.safeParse(rest);
    if (!lang.success) return c.json(validationErrorBody(lang.error, ['lang']), 400);
    if (!parsed.success) return c.json(validationErrorBody(parsed.error), 400);
    const locale = (lang.data as Locale | undefined) ?? DEFAULT_LOCALE;
    const index = await deps.directory.get();
    const now = deps.now();
    if (parsed.data.q && hasMyanmar(parsed.data.q)) await loadZawgyiTools();
    const result = index.search(toSearchQuery(parsed.data, locale), now);
    const locations = new Map(index.snapshot.locations.map((l) => [l.id, l]));
    // A search says something about the person who made it: never kept by a browser or CDN.
    c.header('Cache-Control', hasCriteria(parsed.data) ? 'no-store' : 'public, max-age=60, s-maxage=300');
    return c.json({
      total: result.total,
      page: result.page,
      pages: result.pages,
      pageSize: result.pageSize,
      items: result.hits.map((h) => publicServiceJson(h.service, locale, now, locations)),
    });
  });

  app.get('/services/:id', async (c) => {
    const lang = c.req.query('lang');
    const locale = lang && isLocale(lang) ? lang : DEFAULT_LOCALE;
    const index = await deps.directory.get();
    const service = index.getService(c.req.param('id'));
    if (!service) return c.json({ error: { code: 'not_found', path: ['id'] } }, 404);
    const locations = new Map(index.snapshot.locations.map((l) => [l.id, l]));
    return c.json(publicServiceJson(service, locale, new Date(), locations));
  });

  app.get('/emergency-numbers', (c) => c.json(deps.reference.emergency));

  return app;
}

/** A service as the public sees it; locations are public projections (no confidential address). */
function publicServiceJson(
  service: Service,
  locale: Locale,
  now: Date,
  locations: Map<string, PublicLocation>,
) {
  const text = (t: { en: string } & Partial<Record<Locale, string>>) => inLocale(t, locale);
  return {
    id: service.id,
    name: text(service.name),
    description: service.description ? text(service.description) : '',
    areas: service.areas,
    subtypes: service.subtypes,
    servesPlaces: service.servesPlaces,
    servesGroups: service.servesGroups,
    languages: service.languages,
    contacts: service.contacts.map((c) => ({
      kind: c.kind,
      value: c.value,
      free: c.free,
      showsOnBill: c.showsOnBill,
    })),
    openNow: isOpenAt(service.schedule, now),
    open24h: service.schedule?.open24h ?? false,
    free: service.cost.free,
    policeReportRequired: service.policeReportRequired,
    generalService: service.generalService,
    lastVerified: service.lastVerified?.on,
    sample: service.sample,
    locations: service.locationIds
      .map((id) => locations.get(id))
      .filter((l): l is PublicLocation => l !== undefined)
      .map((l) => ({
        id: l.id,
        name: text(l.name),
        placeId: l.placeId,
        confidential: l.confidential,
        ...(l.confidential ? {} : { address: l.address, latitude: l.latitude, longitude: l.longitude }),
      })),
  };
}
