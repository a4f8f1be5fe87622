import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';
import type { Locale } from '../locales.js';
import { PlaceIdSchema, ServedGroupSchema } from './model.js';
import type { SearchQuery } from './search.js';
import { areaCode, areaFromCode } from './public-ids.js';
import { AREAS, type AreaId } from './taxonomy.js';

const flag = lazySchema(() =>
  z
    .enum(['1', 'true', 'on'])
    .optional()
    .transform((v) => (v === undefined ? undefined : true)),
);

/** Query parameters of the directory search, shared by the HTML pages and the JSON API. */
export const DirectorySearchParamsSchema = lazySchema(() =>
  z
    .object({
      q: z.string().trim().max(200).optional(),
      /** Areas by their neutral code ("a1", public-ids.ts) or, in old links and the API, by id. */
      area: z
        .array(
          z
            .string()
            .transform((v) => areaFromCode(v) ?? v)
            .pipe(z.enum(AREAS)),
        )
        .max(AREAS.length)
        .optional(),
      place: PlaceIdSchema.optional(),
      group: z.array(ServedGroupSchema).max(8).optional(),
      language: z
        .string()
        .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/)
        .optional(),
      free: flag,
      openNow: flag,
      open24h: flag,
      remote: flag,
      noPoliceReport: flag,
      general: flag,
      page: z.coerce.number().int().min(1).max(10_000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
    })
    .strict(),
);
export type DirectorySearchParams = z.infer<typeof DirectorySearchParamsSchema>;

const MULTI = new Set(['area', 'group']);

/** Turns repeated URL parameters into the shape above; empty values (an unset select) are dropped. */
export function searchParamsFromUrl(queries: Record<string, string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(queries)) {
    const kept = values.filter((v) => v.trim() !== '');
    if (kept.length === 0) continue;
    out[key] = MULTI.has(key) ? kept : kept[0];
  }
  return out;
}

export function toSearchQuery(p: DirectorySearchParams, locale?: Locale): SearchQuery {
  return {
    locale,
    text: p.q || undefined,
    areas: p.area,
    place: p.place,
    groups: p.group,
    language: p.language,
    free: p.free,
    openNow: p.openNow,
    open24h: p.open24h,
    remote: p.remote,
    noPoliceReport: p.noPoliceReport,
    generalService: p.general,
    page: p.page,
    pageSize: p.pageSize,
  };
}

/** True when the person asked for anything (so the page shows results rather than the finder). */
export function hasCriteria(p: DirectorySearchParams): boolean {
  const { page: _p, pageSize: _s, ...rest } = p;
  return Object.values(rest).some(
    (v) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
}

/**
 * Serialises search params back into a query string (for paging links and sealed searches).
 * Areas are written as their neutral codes. The words (`q`) are included: a public page never puts
 * this string into an address when it has words (see hasWords and sealed-search.ts).
 */
export function toQueryString(
  p: DirectorySearchParams,
  overrides: Partial<DirectorySearchParams> = {},
): string {
  const merged = { ...p, ...overrides };
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value))
      for (const v of value) qs.append(key, key === 'area' ? areaCode(v as AreaId) : String(v));
    else qs.set(key, value === true ? '1' : String(value));
  }
  return qs.toString();
}

/** True when the search has words: such a search is only ever shown under a sealed address. */
export function hasWords(p: DirectorySearchParams): boolean {
  return Boolean(p.q);
}

/**
 * The results a result link leads back to (`?back=` on the service page), as the part of the
 * address after `/<lang>/services`: `/r/<token>` (a sealed search, with `&page=` kept) or a query
 * string of neutral criteria (area codes, place, filters). Words are never carried: a `q` is
 * dropped. Anything that does not read back through the search schema is ignored.
 */
export function backPathFrom(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 2000) return undefined;
  const queries = queriesOf(raw);
  const token = queries.r?.[0];
  if (token !== undefined) {
    // The shape of a sealed-search token (sealed-search.ts), which only the results page opens.
    if (!/^(?:[0-9a-f]{2}){30,1000}$/.test(token)) return undefined;
    const page = Number(queries.page?.[0]);
    return `/r/${token}${Number.isInteger(page) && page > 1 && page <= 10_000 ? `?page=${page}` : ''}`;
  }
  delete queries.q;
  const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(queries));
  if (!parsed.success || !hasCriteria(parsed.data)) return undefined;
  return `?${toQueryString(parsed.data)}`;
}

/** A query string as repeated parameters (the shape Hono's c.req.queries() gives). */
export function queriesOf(query: string): Record<string, string[]> {
  const queries: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    queries[key] ??= [];
    queries[key].push(value);
  }
  return queries;
}
