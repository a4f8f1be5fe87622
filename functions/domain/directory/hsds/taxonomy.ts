import directoryEn from '../../../../locales/en/directory.json' with { type: 'json' };
import type { Locale } from '../../locales.js';
import { CONTACT_KINDS, SERVED_GROUPS } from '../model.js';
import { ALL_SUBTYPES, AREAS, type AreaId } from '../taxonomy.js';
import { nameUuid } from './ids.js';
import { once } from '../../once.js';

/**
 * Taxonomies: service areas and sub-types are terms of "waypoint-service-areas"; fields HSDS has
 * no place for travel as attributes whose terms come from "waypoint-attributes".
 */

export const AREA_TAXONOMY_NAME = 'waypoint-service-areas';
export const ATTRIBUTE_TAXONOMY_NAME = 'waypoint-attributes';

/** Detail fields HSDS has no column for; each is a term of the "waypoint-attributes" taxonomy. */
export const ATTRIBUTE_TERMS = {
  'waypoint-id': [
    'Waypoint identifier',
    'The identifier of this record in Waypoint, given where it is not a UUID.',
  ],
  'free-of-charge': [
    'Free of charge',
    'Value "true" when the service is free of charge, "false" when it may cost.',
  ],
  'police-report-required': [
    'Police report required',
    'Value "true" when the service asks for a police report.',
  ],
  'general-service': [
    'General service',
    'Value "true" for a general service where a person does not have to say why they come.',
  ],
  'serves-group': [
    'Serves group',
    `A group the service is meant for; value one of ${SERVED_GROUPS.join(', ')}. No such attribute means everyone.`,
  ],
  'shelter-free-to-leave': [
    'Free to leave',
    'Shelter rule: value "true" when residents can leave when they want.',
  ],
  'shelter-phone-allowed': [
    'Phone allowed',
    'Shelter rule: value "true" when residents keep and use their phone.',
  ],
  'shelter-work-allowed': [
    'Work allowed',
    'Shelter rule: value "true" when residents can work while staying.',
  ],
  'shelter-children-with-parent': [
    'Children with parent',
    'Shelter rule: value "true" when children can stay with their parent.',
  ],
  'shelter-cooperation-required': [
    'Cooperation with authorities required',
    'Shelter rule: value "true" when staying depends on cooperating with police or prosecutors.',
  ],
  'shelter-typical-stay': ['Typical stay', 'Shelter rule: the usual length of stay, as text.'],
  accessibility: ['Accessibility', 'How people with disabilities can reach and use the service, as text.'],
  'discreet-label': [
    'Discreet label',
    'A name for the service that does not say what it is for, shown on a card people can keep.',
  ],
  'translation-status': [
    'Translation status',
    'Value "<field>.<locale>=<source|draft|reviewed>": who wrote a text and whether a translator checked it.',
  ],
  sample: ['Sample data', 'Value "true" for fictional demonstration data.'],
  'last-verified-by': ['Last verified by', 'Who last checked the information (see assured_date).'],
  'open-24h': ['Open 24 hours', 'Value "true" when the service is open day and night, every day.'],
  'time-zone': ['Time zone', 'The IANA time zone the schedule is written in, e.g. Asia/Bangkok.'],
  'contact-channel': [
    'Contact channel',
    `Another way to reach the service; value "<kind>:<address>", kind one of ${CONTACT_KINDS.join(', ')}.`,
  ],
  'free-call': ['Free call', 'Value "true" when calling this number costs the caller nothing.'],
  'shows-on-bill': [
    'Shows on phone bill',
    'Value "true" when a call to this number appears on a phone bill.',
  ],
  'place-id': ['Place', 'Waypoint place id: ISO 3166 country or subdivision code, e.g. TH or TH-50.'],
  'confidential-location': [
    'Confidential location',
    'Value "true": the street address and coordinates are withheld for safety. Contact the service first.',
  ],
} as const satisfies Record<string, readonly [string, string]>;
export type AttributeCode = keyof typeof ATTRIBUTE_TERMS;

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  version?: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy: string;
  taxonomy_id: string;
  language?: string;
  taxonomy_detail?: HsdsTaxonomy;
}

const AREA_TAXONOMY: HsdsTaxonomy = {
  id: nameUuid(`taxonomy:${AREA_TAXONOMY_NAME}`),
  name: AREA_TAXONOMY_NAME,
  description:
    'Kinds of help in Waypoint: the ten areas of reintegration support and their sub-types. Term codes are "area-<area>" and "subtype-<area>.<sub-type>".',
  version: '1',
};
const ATTRIBUTE_TAXONOMY: HsdsTaxonomy = {
  id: nameUuid(`taxonomy:${ATTRIBUTE_TAXONOMY_NAME}`),
  name: ATTRIBUTE_TAXONOMY_NAME,
  description:
    'Waypoint details that HSDS 3.0 has no field for. The value of each attribute is described by its term.',
  version: '1',
};

/** Labels of areas and sub-types in one language (the shape of locales/<lang>/directory.json). */
export interface DirectoryLabels {
  areas?: Partial<Record<string, string>>;
  areaHints?: Partial<Record<string, string>>;
  subtypes?: Partial<Record<string, Partial<Record<string, string>>>>;
}

const ENGLISH_LABELS: DirectoryLabels = directoryEn;

export function areaTermCode(area: AreaId): string {
  return `area-${area}`;
}
export function subtypeTermCode(subtype: string): string {
  return `subtype-${subtype}`;
}
export function termId(code: string): string {
  return nameUuid(`taxonomy_term:${code}`);
}

/** Both taxonomies: "waypoint-service-areas" and "waypoint-attributes". */
export function hsdsTaxonomies(): HsdsTaxonomy[] {
  return [{ ...AREA_TAXONOMY }, { ...ATTRIBUTE_TAXONOMY }];
}

/**
 * Every term: one per area and per sub-type (names in the locale when `labels` has them, else
 * English), then the attribute terms (English: they name data fields, not help).
 */
export function hsdsTaxonomyTerms(locale: Locale = 'en', labels?: DirectoryLabels): HsdsTaxonomyTerm[] {
  const label = (pick: (l: DirectoryLabels) => string | undefined): { text: string; language: string } => {
    const local = labels ? pick(labels) : undefined;
    if (local) return { text: local, language: locale };
    return { text: pick(ENGLISH_LABELS) ?? '', language: 'en' };
  };
  const terms: HsdsTaxonomyTerm[] = [];
  for (const area of AREAS) {
    const name = label((l) => l.areas?.[area]);
    const hint = label((l) => l.areaHints?.[area]);
    terms.push({
      id: termId(areaTermCode(area)),
      code: areaTermCode(area),
      name: name.text || area,
      description: hint.text || name.text || area,
      taxonomy: AREA_TAXONOMY_NAME,
      taxonomy_id: AREA_TAXONOMY.id,
      language: name.language,
      taxonomy_detail: { ...AREA_TAXONOMY },
    });
  }
  for (const subtype of ALL_SUBTYPES) {
    const [area = '', sub = ''] = subtype.split('.');
    const name = label((l) => l.subtypes?.[area]?.[sub]);
    const areaName = label((l) => l.areas?.[area]);
    terms.push({
      id: termId(subtypeTermCode(subtype)),
      code: subtypeTermCode(subtype),
      name: name.text || subtype,
      description: `${areaName.text || area}: ${name.text || sub}`,
      parent_id: termId(areaTermCode(area as AreaId)),
      taxonomy: AREA_TAXONOMY_NAME,
      taxonomy_id: AREA_TAXONOMY.id,
      language: name.language,
      taxonomy_detail: { ...AREA_TAXONOMY },
    });
  }
  for (const [code, [name, description]] of Object.entries(ATTRIBUTE_TERMS)) {
    terms.push({
      id: termId(code),
      code,
      name,
      description,
      taxonomy: ATTRIBUTE_TAXONOMY_NAME,
      taxonomy_id: ATTRIBUTE_TAXONOMY.id,
      language: 'en',
      taxonomy_detail: { ...ATTRIBUTE_TAXONOMY },
    });
  }
  return terms;
}

export const OUR_TAXONOMY_IDS = new Set([AREA_TAXONOMY.id, ATTRIBUTE_TAXONOMY.id]);
export const OUR_TAXONOMY_NAMES = new Set([AREA_TAXONOMY_NAME, ATTRIBUTE_TAXONOMY_NAME]);
/** Term code by term UUID, for attributes that carry only taxonomy_term_id (built on first use). */
export const CODE_BY_TERM_ID = once(() => new Map(hsdsTaxonomyTerms().map((t) => [t.id, t.code])));
/** Term code → the term as nested in attributes (English, no taxonomy_detail, to keep payloads small). */
export const TERM_BY_CODE = once(
  () =>
    new Map(hsdsTaxonomyTerms().map(({ taxonomy_detail: _detail, ...term }) => [term.code, term] as const)),
);
