import { SUPPORTED_LOCALES } from '../../locales.js';
import { type Service, TranslationStatusSchema } from '../model.js';
import { ALL_SUBTYPES, type AreaId, isAreaId } from '../taxonomy.js';
import { nameUuid } from './ids.js';
import type { AttributeInT } from './import-schema.js';
import {
  type AttributeCode,
  CODE_BY_TERM_ID,
  OUR_TAXONOMY_IDS,
  OUR_TAXONOMY_NAMES,
  TERM_BY_CODE,
} from './taxonomy.js';
import type { HsdsAttribute } from './types.js';
import { clean, withoutUndefined } from './util.js';

/** HSDS attributes: writing ours (export) and reading ours and others' (import). */

export function attribute(
  entity: string,
  linkId: string,
  code: string,
  value: string | undefined,
  index: number,
  linkType = 'detail',
): HsdsAttribute {
  const term = TERM_BY_CODE().get(code);
  if (!term) throw new Error(`unknown taxonomy term ${code}`);
  return withoutUndefined<HsdsAttribute>({
    id: nameUuid(`attribute:${entity}:${linkId}:${index}:${code}`),
    link_id: linkId,
    link_type: linkType,
    link_entity: entity,
    taxonomy_term_id: term.id,
    taxonomy_term: { ...term },
    value,
  });
}

export function translationStatusValues(map: Service['translationStatus']): string[] {
  if (!map) return [];
  return Object.entries(map).flatMap(([field, byLocale]) =>
    Object.entries(byLocale ?? {}).map(([locale, status]) => `${field}.${locale}=${status}`),
  );
}

export interface Attributes {
  areas: AreaId[];
  subtypes: string[];
  /** Names of terms from other taxonomies, used for keyword matching. */
  foreignTermNames: string[];
  /** Attributes with terms of other taxonomies, as they came (kept for the export). */
  foreign: AttributeInT[];
  first(code: AttributeCode): string | undefined;
  all(code: AttributeCode): string[];
  flag(code: AttributeCode): boolean | undefined;
  translationStatus: [string, string, string][];
}

export function readAttributes(list: AttributeInT[] | undefined): Attributes {
  const values = new Map<string, string[]>();
  const areas: AreaId[] = [];
  const subtypes: string[] = [];
  const foreignTermNames: string[] = [];
  const foreign: AttributeInT[] = [];
  for (const a of list ?? []) {
    // A term UUID of ours is unambiguous; a bare code is ours only when the term names no other taxonomy.
    const term = a.taxonomy_term;
    const otherTaxonomy =
      (term?.taxonomy_id !== undefined && !OUR_TAXONOMY_IDS.has(term.taxonomy_id.toLowerCase())) ||
      (term?.taxonomy !== undefined && !OUR_TAXONOMY_NAMES.has(term.taxonomy));
    const code =
      [a.taxonomy_term_id, term?.id]
        .map((k) => (k ? CODE_BY_TERM_ID().get(k.toLowerCase()) : undefined))
        .find(Boolean) ??
      (term?.code && !otherTaxonomy && TERM_BY_CODE().has(term.code) ? term.code : undefined);
    if (!code) {
      const termName = clean(a.taxonomy_term?.name);
      if (termName) foreignTermNames.push(termName);
      foreign.push(a);
      continue;
    }
    if (code.startsWith('area-') && isAreaId(code.slice(5))) areas.push(code.slice(5) as AreaId);
    else if (code.startsWith('subtype-') && ALL_SUBTYPES.includes(code.slice(8)))
      subtypes.push(code.slice(8));
    else if (a.value !== undefined) values.set(code, [...(values.get(code) ?? []), a.value]);
  }
  const all = (code: AttributeCode) => values.get(code) ?? [];
  const first = (code: AttributeCode) => clean(all(code)[0]);
  return {
    areas,
    subtypes,
    foreignTermNames,
    foreign,
    first,
    all,
    flag: (code) => {
      const v = first(code)?.toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : undefined;
    },
    translationStatus: all('translation-status').flatMap((entry): [string, string, string][] => {
      const eq = entry.lastIndexOf('=');
      const left = entry.slice(0, eq);
      const status = entry.slice(eq + 1);
      const locale = SUPPORTED_LOCALES.find((l) => left.endsWith(`.${l}`));
      if (eq < 0 || !locale || !TranslationStatusSchema.safeParse(status).success) return [];
      return [[left.slice(0, -(locale.length + 1)), locale, status]];
    }),
  };
}

export function translationStatusFrom(attributes: Attributes): {
  translationStatus?: Service['translationStatus'];
} {
  if (attributes.translationStatus.length === 0) return {};
  const map: Record<string, Record<string, string>> = {};
  for (const [field, locale, status] of attributes.translationStatus) {
    map[field] ??= {};
    (map[field] as Record<string, string>)[locale] = status;
  }
  return { translationStatus: map as Service['translationStatus'] };
}
