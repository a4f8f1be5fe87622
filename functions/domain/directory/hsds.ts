import { createHash } from 'node:crypto';
import { z } from 'zod';
import directoryEn from '../../../locales/en/directory.json' with { type: 'json' };
import { type Locale, SUPPORTED_LOCALES } from '../locales.js';
import {
  CONTACT_KINDS,
  type ContactChannel,
  type ContactKind,
  type LocalizedText,
  type Location,
  LocationSchema,
  type Organization,
  OrganizationSchema,
  PlaceIdSchema,
  type Place,
  type PublicLocation,
  type Schedule,
  SERVED_GROUPS,
  type Service,
  ServiceSchema,
  TranslationStatusSchema,
  WEEKDAYS,
  type Weekday,
} from './model.js';
import { nestTabular, tablesFromTabularJson } from './hsds-csv.js';
import { AREA_SYNONYMS } from './synonyms.js';
import { ALL_SUBTYPES, AREAS, type AreaId, isAreaId } from './taxonomy.js';
import { compact, isUnspacedScript, normalize, words } from './text.js';

/**
 * Open Referral HSDS 3.0 ⇄ Waypoint directory model. Pure: no I/O, no HTTP, no AWS.
 *
 * Export (our model → HSDS): {@link HsdsView} turns organizations, services and *public*
 * locations into HSDS objects in one locale (English where a text has no translation). Fields HSDS
 * has no place for travel as `attributes` whose terms come from the "waypoint-attributes"
 * taxonomy; service areas and sub-types are terms of "waypoint-service-areas".
 *
 * Import (HSDS → our model): {@link fromHsds} accepts service / organization /
 * service_at_location objects (alone, in arrays or in paged lists), validates them and returns
 * whole records ready for DirectoryStore.saveRecord, plus a reason for every record it refuses.
 *
 * Identifiers: HSDS wants UUIDs. Ids of ours that are UUIDs are used as they are; others are turned
 * into a name-based UUID (v5, stable) and the original id travels as a "waypoint-id" attribute so a
 * re-import restores it. HSDS UUIDs become our ids in lower case.
 */

export const HSDS_VERSION = '3.0';
export const HSDS_OPENAPI_URL =
  'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';
export const AREA_TAXONOMY_NAME = 'waypoint-service-areas';
export const ATTRIBUTE_TAXONOMY_NAME = 'waypoint-attributes';

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

/** Namespace of Waypoint's name-based UUIDs (fixed: changing it would change every exported id). */
const WAYPOINT_UUID_NAMESPACE = '5b0f7c52-3f8e-4f4b-9f57-0c6e2b8d1a94';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** RFC 9562 version-5 UUID of a name in Waypoint's namespace: the same name always gives the same id. */
export function nameUuid(name: string): string {
  const namespace = Buffer.from(WAYPOINT_UUID_NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The HSDS id of one of our entities: the id itself when it is a UUID, else a stable v5 UUID. */
export function hsdsId(kind: 'service' | 'organization' | 'location', id: string): string {
  return isUuid(id) ? id.toLowerCase() : nameUuid(`${kind}:${id}`);
}

// ---------------------------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------------------------

/** Detail fields HSDS has no column for; each is a term of the "waypoint-attributes" taxonomy. */
const ATTRIBUTE_TERMS = {
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
type AttributeCode = keyof typeof ATTRIBUTE_TERMS;

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
function termId(code: string): string {
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

const OUR_TAXONOMY_IDS = new Set([AREA_TAXONOMY.id, ATTRIBUTE_TAXONOMY.id]);
const OUR_TAXONOMY_NAMES = new Set([AREA_TAXONOMY_NAME, ATTRIBUTE_TAXONOMY_NAME]);
/** Term code by term UUID, for attributes that carry only taxonomy_term_id. */
const CODE_BY_TERM_ID = new Map(hsdsTaxonomyTerms().map((t) => [t.id, t.code]));
/** Term code → the term as nested in attributes (English, no taxonomy_detail, to keep payloads small). */
const TERM_BY_CODE = new Map(
  hsdsTaxonomyTerms().map(({ taxonomy_detail: _detail, ...term }) => [term.code, term] as const),
);

// ---------------------------------------------------------------------------------------------
// HSDS object shapes we produce
// ---------------------------------------------------------------------------------------------

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_type: string;
  link_entity: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
  value?: string;
}

export interface HsdsPhone {
  id: string;
  service_id?: string;
  number: string;
  type: 'voice' | 'text';
  description?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsSchedule {
  id: string;
  service_id: string;
  freq?: 'WEEKLY';
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  /** UTC offset in hours (HSDS 3.0 defines timezone as a number). */
  timezone: number;
  description?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  attributes: HsdsAttribute[];
}

export interface HsdsLanguage {
  id: string;
  service_id: string;
  code: string;
  name?: string;
}

export interface HsdsCostOption {
  id: string;
  service_id: string;
  amount: number;
  option?: string;
}

export interface HsdsRequiredDocument {
  id: string;
  service_id: string;
  document: string;
}

export interface HsdsContact {
  id: string;
  service_id: string;
  name?: string;
  email: string;
}

export interface HsdsAddress {
  id: string;
  location_id: string;
  address_1: string;
  address_2?: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: 'physical';
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical';
  organization_id: string;
  name: string;
  latitude?: number;
  longitude?: number;
  addresses: HsdsAddress[];
  accessibility: { id: string; location_id: string; description: string }[];
  attributes: HsdsAttribute[];
}

export interface HsdsServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
  location: HsdsLocation;
}

export interface HsdsOrganizationBrief {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsOrganization extends HsdsOrganizationBrief {
  locations: HsdsLocation[];
  /** Not part of organization.json, but the HSDS API nests the organization's services here. */
  services?: (HsdsServiceBrief | HsdsService)[];
}

/** The one-to-one fields of a service (the shape of HSDS service_list entries). */
export interface HsdsServiceBrief {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  url?: string;
  email?: string;
  status: 'active' | 'inactive';
  fees_description?: string;
  minimum_age?: number;
  maximum_age?: number;
  assured_date?: string;
  assurer_email?: string;
  last_modified?: string;
  organization?: HsdsOrganizationBrief;
}

/** A fully nested service (HSDS service_full). */
export interface HsdsService extends HsdsServiceBrief {
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  service_areas: HsdsServiceArea[];
  service_at_locations: HsdsServiceAtLocation[];
  languages: HsdsLanguage[];
  cost_options: HsdsCostOption[];
  required_documents: HsdsRequiredDocument[];
  contacts: HsdsContact[];
  attributes: HsdsAttribute[];
}

// ---------------------------------------------------------------------------------------------
// Export: our model → HSDS
// ---------------------------------------------------------------------------------------------

export interface HsdsExportOptions {
  locale?: Locale;
  /** Known places (usually referenceData().places): service areas are named after them. */
  places?: readonly Place[];
  /** Area and sub-type labels in `locale`; English otherwise. */
  labels?: DirectoryLabels;
  /** The instant at which an IANA time zone is turned into the UTC offset HSDS schedules carry. */
  now?: Date;
}

/** What the export reads: the public directory (locations are public projections only). */
export interface HsdsDirectory {
  organizations: readonly Organization[];
  services: readonly Service[];
  locations: readonly PublicLocation[];
}

const EMAIL = z.email();
const OPEN_24H_TEXT = 'Open 24 hours';
const URI = z.url();

function text(value: LocalizedText | undefined, locale: Locale): string | undefined {
  if (!value) return undefined;
  return value[locale] ?? value.en;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** UTC offset in hours of an IANA zone at an instant (e.g. Asia/Bangkok → 7, Asia/Yangon → 6.5). */
export function utcOffsetHours(timeZone: string, at: Date = new Date()): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;
  const hours = Number(match[2]) + Number(match[3]) / 60;
  return match[1] === '-' ? -hours : hours;
}

/**
 * Maps the public directory to HSDS objects in one locale. Build one per directory version and
 * locale; lookups accept our ids and the HSDS UUIDs. Confidential locations are exported without
 * address and coordinates even if a caller passes a full Location by mistake.
 */
export class HsdsView {
  readonly locale: Locale;
  private readonly now: Date;
  private readonly placeById: Map<string, Place>;
  private readonly orgById = new Map<string, Organization>();
  private readonly serviceById = new Map<string, Service>();
  private readonly locationById = new Map<string, PublicLocation>();
  private readonly languageNames: Intl.DisplayNames | undefined;

  constructor(
    readonly directory: HsdsDirectory,
    options: HsdsExportOptions = {},
  ) {
    this.locale = options.locale ?? 'en';
    this.now = options.now ?? new Date();
    this.placeById = new Map((options.places ?? []).map((p) => [p.id, p]));
    for (const o of directory.organizations) {
      this.orgById.set(o.id, o);
      this.orgById.set(hsdsId('organization', o.id), o);
    }
    for (const s of directory.services) {
      this.serviceById.set(s.id, s);
      this.serviceById.set(hsdsId('service', s.id), s);
    }
    for (const l of directory.locations) this.locationById.set(l.id, l);
    try {
      this.languageNames = new Intl.DisplayNames([this.locale, 'en'], { type: 'language' });
    } catch {
      this.languageNames = undefined;
    }
  }

  /** A service by our id or its HSDS UUID. */
  findService(id: string): Service | undefined {
    return this.serviceById.get(id) ?? this.serviceById.get(id.toLowerCase());
  }

  /** An organization by our id or its HSDS UUID. */
  findOrganization(id: string): Organization | undefined {
    return this.orgById.get(id) ?? this.orgById.get(id.toLowerCase());
  }

  /** One-to-one fields plus the organization stub (HSDS service_list entry). */
  serviceBrief(service: Service): HsdsServiceBrief {
    const org = this.orgById.get(service.organizationId);
    const email = service.contacts.find((c) => c.kind === 'email' && EMAIL.safeParse(c.value).success)?.value;
    const url = service.contacts.find((c) => c.kind === 'web' && URI.safeParse(c.value).success)?.value;
    const verifiedBy = service.lastVerified?.by;
    return withoutUndefined<HsdsServiceBrief>({
      id: hsdsId('service', service.id),
      organization_id: hsdsId('organization', service.organizationId),
      name: text(service.name, this.locale) as string,
      description: text(service.description, this.locale) as string,
      url,
      email,
      status: service.status,
      fees_description: text(service.cost.details, this.locale),
      minimum_age: service.minimumAge,
      maximum_age: service.maximumAge,
      assured_date: service.lastVerified?.on,
      assurer_email: verifiedBy && EMAIL.safeParse(verifiedBy).success ? verifiedBy : undefined,
      last_modified: service.updatedAt,
      organization: org ? this.organizationBrief(org) : undefined,
    });
  }

  /** The fully nested service (HSDS service_full). */
  service(service: Service): HsdsService {
    const brief = this.serviceBrief(service);
    const sid = brief.id;
    const attrs: HsdsAttribute[] = [];
    const add = (code: string, value?: string, linkType = 'detail') =>
      attrs.push(attribute('service', sid, code, value, attrs.length, linkType));

    for (const area of service.areas) add(areaTermCode(area), undefined, 'service_type');
    for (const subtype of service.subtypes) add(subtypeTermCode(subtype), undefined, 'service_type');
    if (!isUuid(service.id)) add('waypoint-id', service.id);
    add('free-of-charge', String(service.cost.free));
    add('police-report-required', String(service.policeReportRequired));
    add('general-service', String(service.generalService));
    for (const group of service.servesGroups) add('serves-group', group, 'eligibility');
    const c = service.conditions;
    if (c) {
      const flags: [AttributeCode, boolean | undefined][] = [
        ['shelter-free-to-leave', c.freeToLeave],
        ['shelter-phone-allowed', c.phoneAllowed],
        ['shelter-work-allowed', c.workAllowed],
        ['shelter-children-with-parent', c.childrenWithParent],
        ['shelter-cooperation-required', c.cooperationRequired],
      ];
      for (const [code, flag] of flags) if (flag !== undefined) add(code, String(flag));
      if (c.typicalStay) add('shelter-typical-stay', text(c.typicalStay, this.locale));
    }
    if (service.accessibility) add('accessibility', text(service.accessibility, this.locale));
    for (const entry of translationStatusValues(service.translationStatus)) add('translation-status', entry);
    if (service.sample) add('sample', 'true');
    if (service.lastVerified) add('last-verified-by', service.lastVerified.by);
    if (service.schedule?.open24h) add('open-24h', 'true');

    // HSDS has one email and one url per service: the first valid ones go there, emails also into
    // contacts (with their label), and every other channel into a contact-channel attribute.
    const phones: HsdsPhone[] = [];
    const contacts: HsdsContact[] = [];
    service.contacts.forEach((channel, i) => {
      if (channel.kind === 'phone' || channel.kind === 'sms') {
        const pid = nameUuid(`phone:${service.id}:${i}`);
        const phoneAttrs: HsdsAttribute[] = [];
        if (channel.free !== undefined)
          phoneAttrs.push(attribute('phone', pid, 'free-call', String(channel.free), phoneAttrs.length));
        if (channel.showsOnBill !== undefined)
          phoneAttrs.push(
            attribute('phone', pid, 'shows-on-bill', String(channel.showsOnBill), phoneAttrs.length),
          );
        phones.push(
          withoutUndefined<HsdsPhone>({
            id: pid,
            service_id: sid,
            number: channel.value,
            type: channel.kind === 'sms' ? 'text' : 'voice',
            description: text(channel.label, this.locale),
            attributes: phoneAttrs,
          }),
        );
      } else if (channel.kind === 'email' && EMAIL.safeParse(channel.value).success) {
        contacts.push(
          withoutUndefined<HsdsContact>({
            id: nameUuid(`contact:${service.id}:${i}`),
            service_id: sid,
            name: text(channel.label, this.locale),
            email: channel.value,
          }),
        );
      } else if (!(channel.kind === 'web' && channel.value === brief.url)) {
        add('contact-channel', `${channel.kind}:${channel.value}`);
      }
    });

    const locations = service.locationIds.flatMap((lid) => {
      const location = this.locationById.get(lid);
      return location ? [{ lid, location }] : [];
    });

    return {
      ...brief,
      phones,
      schedules: this.schedules(service, sid),
      service_areas: service.servesPlaces.map((place) => {
        const areaId = nameUuid(`service_area:${service.id}:${place}`);
        return {
          id: areaId,
          service_id: sid,
          name: text(this.placeById.get(place)?.name, this.locale) ?? place,
          attributes: [attribute('service_area', areaId, 'place-id', place, 0)],
        };
      }),
      service_at_locations: locations.map(({ lid, location }) => ({
        id: nameUuid(`service_at_location:${service.id}:${lid}`),
        service_id: sid,
        location_id: hsdsId('location', lid),
        location: this.location(location),
      })),
      languages: service.languages.map((code) =>
        withoutUndefined<HsdsLanguage>({
          id: nameUuid(`language:${service.id}:${code}`),
          service_id: sid,
          code,
          name: this.languageName(code),
        }),
      ),
      cost_options: service.cost.free
        ? [
            {
              id: nameUuid(`cost_option:${service.id}:free`),
              service_id: sid,
              amount: 0,
              option: 'Free of charge',
            },
          ]
        : [],
      required_documents: service.documentsRequired.map((doc, i) => ({
        id: nameUuid(`required_document:${service.id}:${i}`),
        service_id: sid,
        document: text(doc, this.locale) as string,
      })),
      contacts,
      attributes: attrs,
    };
  }

  private schedules(service: Service, sid: string): HsdsSchedule[] {
    const schedule = service.schedule;
    if (!schedule) return [];
    const timezone = utcOffsetHours(schedule.timeZone, this.now);
    // Notes go on every entry (an importer keeps one copy); a 24-hour schedule without notes says so.
    const description = text(schedule.notes, this.locale) ?? (schedule.open24h ? OPEN_24H_TEXT : undefined);
    const make = (key: string, fields: Partial<HsdsSchedule>): HsdsSchedule => {
      const id = nameUuid(`schedule:${service.id}:${key}`);
      return withoutUndefined<HsdsSchedule>({
        id,
        service_id: sid,
        ...fields,
        timezone,
        description,
        attributes: [attribute('schedule', id, 'time-zone', schedule.timeZone, 0)],
      });
    };
    // Open 24 hours is written as every day, 00:00–23:59, plus the open-24h attribute on the service.
    if (schedule.open24h) {
      return [
        make('24h', {
          freq: 'WEEKLY',
          byday: WEEKDAYS.map(upper).join(','),
          opens_at: '00:00',
          closes_at: '23:59',
        }),
      ];
    }
    if (schedule.hours.length === 0) return [make('notes', {})];
    return schedule.hours.map((h, i) =>
      make(String(i), {
        freq: 'WEEKLY',
        byday: h.days.map(upper).join(','),
        opens_at: h.opens,
        closes_at: h.closes,
      }),
    );
  }

  private languageName(code: string): string | undefined {
    try {
      return this.languageNames?.of(code);
    } catch {
      return undefined;
    }
  }

  /**
   * A location as HSDS. Confidential: name, place and the confidential flag only; never street,
   * postal code or coordinates (stripped here again, whatever the caller passed).
   */
  location(input: PublicLocation): HsdsLocation {
    const { address, latitude, longitude, ...rest } = input;
    const confidential = rest.confidential;
    const lid = hsdsId('location', rest.id);
    const attrs: HsdsAttribute[] = [];
    const add = (code: AttributeCode, value: string) =>
      attrs.push(attribute('location', lid, code, value, attrs.length));
    add('place-id', rest.placeId);
    if (confidential) add('confidential-location', 'true');
    if (!isUuid(rest.id)) add('waypoint-id', rest.id);
    if (rest.sample) add('sample', 'true');
    const addresses: HsdsAddress[] = [];
    if (!confidential && address) {
      const [first = address.street, ...more] = address.street.split('\n');
      addresses.push(
        withoutUndefined<HsdsAddress>({
          id: nameUuid(`address:${rest.id}`),
          location_id: lid,
          address_1: first,
          address_2: more.length ? more.join('\n') : undefined,
          city: address.city,
          state_province: address.region ?? '',
          postal_code: address.postalCode ?? '',
          country: address.country,
          address_type: 'physical',
        }),
      );
    }
    const accessibility = text(rest.accessibility, this.locale);
    return withoutUndefined<HsdsLocation>({
      id: lid,
      location_type: 'physical',
      organization_id: hsdsId('organization', rest.organizationId),
      name: text(rest.name, this.locale) as string,
      latitude: confidential ? undefined : latitude,
      longitude: confidential ? undefined : longitude,
      addresses,
      accessibility: accessibility
        ? [{ id: nameUuid(`accessibility:${rest.id}`), location_id: lid, description: accessibility }]
        : [],
      attributes: attrs,
    });
  }

  /** The organization's own fields; nested in every service so a re-import restores its id. */
  organizationBrief(org: Organization): HsdsOrganizationBrief {
    const oid = hsdsId('organization', org.id);
    const attrs: HsdsAttribute[] = [];
    if (!isUuid(org.id)) attrs.push(attribute('organization', oid, 'waypoint-id', org.id, attrs.length));
    if (org.sample) attrs.push(attribute('organization', oid, 'sample', 'true', attrs.length));
    for (const entry of translationStatusValues(org.translationStatus))
      attrs.push(attribute('organization', oid, 'translation-status', entry, attrs.length));
    return withoutUndefined<HsdsOrganizationBrief>({
      id: oid,
      name: text(org.name, this.locale) as string,
      // HSDS requires a description; ours is optional.
      description: text(org.description, this.locale) ?? '',
      email: org.email,
      website: org.website,
      attributes: attrs,
    });
  }

  /**
   * A nested organization with its public locations. `services`: none, the one-to-one fields of
   * each service, or each fully nested.
   */
  organization(org: Organization, services: 'none' | 'brief' | 'full' = 'brief'): HsdsOrganization {
    const result: HsdsOrganization = {
      ...this.organizationBrief(org),
      locations: this.directory.locations
        .filter((l) => l.organizationId === org.id)
        .map((l) => this.location(l)),
    };
    if (services !== 'none') {
      const own = this.directory.services.filter((s) => s.organizationId === org.id);
      result.services = own.map((s) => (services === 'full' ? this.service(s) : this.serviceBrief(s)));
    }
    return result;
  }
}

function upper(day: Weekday): string {
  return day.toUpperCase();
}

function attribute(
  entity: string,
  linkId: string,
  code: string,
  value: string | undefined,
  index: number,
  linkType = 'detail',
): HsdsAttribute {
  const term = TERM_BY_CODE.get(code);
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

function translationStatusValues(map: Service['translationStatus']): string[] {
  if (!map) return [];
  return Object.entries(map).flatMap(([field, byLocale]) =>
    Object.entries(byLocale ?? {}).map(([locale, status]) => `${field}.${locale}=${status}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Import: HSDS → our model
// ---------------------------------------------------------------------------------------------

/** HSDS producers send null for empty fields and numbers as strings (CSV): both are accepted. */
const str = z.preprocess(
  (v) => (v === null ? undefined : typeof v === 'number' ? String(v) : v),
  z.string().optional(),
);
const num = z.preprocess((v) => {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}, z.number().optional());
const arr = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === null ? undefined : v), z.array(item).optional());
const obj = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional());
const requiredId = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().trim().min(1, 'id is required'),
);

const TermIn = z.looseObject({ id: str, code: str, name: str, taxonomy: str, taxonomy_id: str });
const AttributeIn = z.looseObject({
  taxonomy_term_id: str,
  value: z.preprocess(
    (v) => (v === null ? undefined : typeof v === 'string' ? v : String(v)),
    z.string().optional(),
  ),
  taxonomy_term: obj(TermIn),
});
const attrs = arr(AttributeIn);
const PhoneIn = z.looseObject({
  number: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()),
  extension: num,
  type: str,
  description: str,
  attributes: attrs,
});
const ContactIn = z.looseObject({ name: str, title: str, email: str, phones: arr(PhoneIn) });
const ScheduleIn = z.looseObject({
  freq: str,
  interval: num,
  byday: str,
  opens_at: str,
  closes_at: str,
  timezone: num,
  description: str,
  notes: str,
  attributes: attrs,
});
const AddressIn = z.looseObject({
  address_1: str,
  address_2: str,
  city: str,
  region: str,
  state_province: str,
  postal_code: str,
  country: str,
  address_type: str,
});
const LocationIn = z.looseObject({
  id: requiredId,
  location_type: str,
  url: str,
  organization_id: str,
  name: str,
  alternate_name: str,
  latitude: num,
  longitude: num,
  addresses: arr(AddressIn),
  accessibility: arr(z.looseObject({ description: str, details: str })),
  attributes: attrs,
});
const ServiceAtLocationIn = z.looseObject({
  location_id: str,
  phones: arr(PhoneIn),
  contacts: arr(ContactIn),
  schedules: arr(ScheduleIn),
  location: obj(LocationIn),
});
const OrganizationIn = z.looseObject({
  id: requiredId,
  name: str,
  description: str,
  email: str,
  website: str,
  locations: arr(LocationIn),
  attributes: attrs,
});
const ServiceIn = z.looseObject({
  id: requiredId,
  organization_id: str,
  name: str,
  alternate_name: str,
  description: str,
  url: str,
  email: str,
  status: str,
  fees_description: str,
  minimum_age: num,
  maximum_age: num,
  assured_date: str,
  assurer_email: str,
  phones: arr(PhoneIn),
  schedules: arr(ScheduleIn),
  service_areas: arr(z.looseObject({ name: str, description: str, uri: str, attributes: attrs })),
  service_at_locations: arr(ServiceAtLocationIn),
  languages: arr(z.looseObject({ code: str, name: str })),
  cost_options: arr(z.looseObject({ option: str, currency: str, amount: num, amount_description: str })),
  required_documents: arr(z.looseObject({ document: str, uri: str })),
  contacts: arr(ContactIn),
  attributes: attrs,
});
type AttributeInT = z.infer<typeof AttributeIn>;
type PhoneInT = z.infer<typeof PhoneIn>;
type ContactInT = z.infer<typeof ContactIn>;
type ScheduleInT = z.infer<typeof ScheduleIn>;
type LocationInT = z.infer<typeof LocationIn>;
type ServiceAtLocationInT = z.infer<typeof ServiceAtLocationIn>;
type OrganizationInT = z.infer<typeof OrganizationIn>;
type ServiceInT = z.infer<typeof ServiceIn>;

export interface HsdsImportOptions {
  /**
   * Place (e.g. "TH") for services that name no place we know and have no location with a
   * country (e.g. a bare service_list entry), and for locations without an address. Without it
   * such records are rejected.
   */
  defaultPlace?: string;
  /** Known places: a service area named like one of them ("Chiang Mai") maps to its id. */
  places?: readonly Place[];
}

/** One unit to write with DirectoryStore.saveRecord: all of it or nothing. */
export interface HsdsRecord {
  ref: string;
  organization?: Organization;
  services: Service[];
  locations: Location[];
}

export interface HsdsRejection {
  ref: string;
  reason: string;
}

export interface HsdsNote {
  ref: string;
  message: string;
}

export interface HsdsImportResult {
  records: HsdsRecord[];
  rejections: HsdsRejection[];
  /** Information dropped from records that were accepted (e.g. impossible coordinates). */
  warnings: HsdsNote[];
  /** Objects that are valid HSDS but not directory records (taxonomies, API info). */
  skipped: HsdsNote[];
}

/** A problem that makes a record unusable; carries the reason shown to the person importing. */
class Rejected extends Error {}

interface ServiceEntry {
  path: string;
  raw: Record<string, unknown>;
  org?: Record<string, unknown>;
  sals: Record<string, unknown>[];
}

/**
 * Maps HSDS objects to Waypoint records. Accepts a service_full, organization_full (with
 * `services`), service_at_location_full, list entries, arrays of these and paged lists (`contents`).
 *
 * Rules:
 * - One record per service: the service, its locations and its organization, written together.
 *   An organization with no service in the input (or locations no service uses) is a record of its own.
 * - A service is rejected, with the reason, when something we require is missing or invalid: id
 *   usable as our id, name, description, organization, a service area, a place served, a valid
 *   schedule time. Nothing of a rejected record is returned.
 * - Areas: Waypoint terms in `attributes` ("area-…"/"subtype-…" codes or their UUIDs) first;
 *   otherwise keywords (synonyms.ts: English and the non-Latin-script lists) found in the name and
 *   alternate name, then in the names of the service's taxonomy terms, then in the description —
 *   the areas with the most distinct matches win. No match: rejected (never a default area).
 * - Places served: service areas that are place ids or known place names, else the places of the
 *   service's locations, else `defaultPlace`, else rejected.
 * - Coordinates outside WGS84 ranges are dropped with a warning (a wrong pin is worse than none).
 * - Texts are stored as English (the source language): HSDS carries one language per text.
 */
export function fromHsds(input: unknown, options: HsdsImportOptions = {}): HsdsImportResult {
  return new HsdsImporter(options).run(input);
}

class HsdsImporter {
  private readonly result: HsdsImportResult = { records: [], rejections: [], warnings: [], skipped: [] };
  private readonly services = new Map<string, ServiceEntry>();
  private readonly orgs = new Map<string, { path: string; raw: Record<string, unknown> }>();
  private readonly standaloneLocations: { path: string; raw: Record<string, unknown> }[] = [];
  private readonly warned = new Set<string>();

  constructor(private readonly options: HsdsImportOptions) {}

  run(input: unknown): HsdsImportResult {
    this.collect(input, '$');
    this.build();
    return this.result;
  }

  private warn(ref: string, message: string): void {
    const key = `${ref}\n${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.result.warnings.push({ ref, message });
  }

  private collect(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) this.collect(v, `${path}[${i}]`);
      return;
    }
    if (!isRecord(value)) {
      this.result.rejections.push({ ref: path, reason: 'not an HSDS object' });
      return;
    }
    if (Array.isArray(value.contents)) {
      for (const [i, v] of value.contents.entries()) this.collect(v, `${path}.contents[${i}]`);
      return;
    }
    const tables = tablesFromTabularJson(value);
    if (tables) {
      for (const [i, v] of nestTabular(tables).entries()) this.collect(v, `${path}(tabular)[${i}]`);
      return;
    }
    if (isRecord(value.service)) {
      // service_at_location: the service with this one location.
      const { service, ...sal } = value;
      this.addService(service as Record<string, unknown>, `${path}.service`, undefined, sal);
    } else if ('location_type' in value && !('status' in value)) {
      this.standaloneLocations.push({ path, raw: value });
    } else if ('status' in value || 'service_at_locations' in value || isRecord(value.organization)) {
      this.addService(value, path);
    } else if ('openapi_url' in value) {
      this.result.skipped.push({ ref: path, message: 'API information, not a directory record' });
    } else if (['taxonomy_detail', 'taxonomy_id', 'term_uri', 'code', 'parent_id'].some((k) => k in value)) {
      this.result.skipped.push({
        ref: `${path} (taxonomy term ${String(value.id ?? '')})`,
        message: `taxonomy terms are not imported; Waypoint uses its own ${AREA_TAXONOMY_NAME} taxonomy`,
      });
    } else if ('version' in value && !('website' in value) && !('services' in value)) {
      this.result.skipped.push({
        ref: `${path} (taxonomy ${String(value.id ?? '')})`,
        message: 'taxonomies are not imported',
      });
    } else if ('name' in value || 'services' in value) {
      this.addOrganization(value, path);
    } else {
      this.result.rejections.push({
        ref: path,
        reason: 'not an HSDS service, organization, service_at_location or location',
      });
    }
  }

  private addOrganization(raw: Record<string, unknown>, path: string): void {
    const id = idKey(raw.id, path);
    const { services, ...org } = raw;
    if (!this.orgs.has(id) || keyCount(org) > keyCount(this.orgs.get(id)?.raw))
      this.orgs.set(id, { path, raw: org });
    if (Array.isArray(services)) {
      services.forEach((s, i) => {
        if (isRecord(s)) this.addService(s, `${path}.services[${i}]`, org);
        else this.result.rejections.push({ ref: `${path}.services[${i}]`, reason: 'not an HSDS service' });
      });
    }
  }

  private addService(
    raw: Record<string, unknown>,
    path: string,
    org?: Record<string, unknown>,
    sal?: Record<string, unknown>,
  ): void {
    const id = idKey(raw.id, path);
    const existing = this.services.get(id);
    const entry: ServiceEntry = existing ?? { path, raw, sals: [] };
    // The same service may come several times (a list and a full object, or one
    // service_at_location per location): keep the richest copy and every location.
    if (existing && keyCount(raw) > keyCount(existing.raw)) {
      entry.raw = raw;
      entry.path = path;
    }
    entry.org ??= org ?? (isRecord(raw.organization) ? raw.organization : undefined);
    if (sal) entry.sals.push(sal);
    this.services.set(id, entry);
  }

  private build(): void {
    const orgResults = new Map<string, { org?: Organization; reason?: string; raw: OrganizationInT }>();
    const orgFor = (raw: Record<string, unknown>) => {
      const key = idKey(raw.id, '');
      let found = orgResults.get(key);
      if (!found) {
        const parsed = OrganizationIn.safeParse(raw);
        if (!parsed.success) {
          found = {
            reason: `invalid HSDS organization: ${formatIssues(parsed.error)}`,
            raw: raw as OrganizationInT,
          };
        } else {
          try {
            found = { org: this.mapOrganization(parsed.data), raw: parsed.data };
          } catch (error) {
            found = { reason: reasonOf(error), raw: parsed.data };
          }
        }
        orgResults.set(key, found);
      }
      return found;
    };

    const usedLocationIds = new Set<string>();
    const orgsWithRecords = new Set<string>();
    const orgsReferenced = new Set<string>();

    for (const entry of this.services.values()) {
      const name = typeof entry.raw.name === 'string' ? ` "${truncate(entry.raw.name)}"` : '';
      const ref = `service ${String(entry.raw.id ?? entry.path)}${name}`;
      try {
        const parsed = ServiceIn.safeParse(entry.raw);
        if (!parsed.success) throw new Rejected(`invalid HSDS service: ${formatIssues(parsed.error)}`);
        const raw = parsed.data;
        // The nested organization or the one given on its own, whichever says more.
        const listed = this.orgs.get(idKey(raw.organization_id ?? entry.org?.id, ''))?.raw;
        const orgRaw = keyCount(listed) > keyCount(entry.org) ? listed : entry.org;
        let organization: Organization | undefined;
        let orgLocations: LocationInT[] = [];
        if (orgRaw) {
          orgsReferenced.add(idKey(orgRaw.id, ''));
          const found = orgFor(orgRaw);
          if (!found.org) throw new Rejected(`organization ${String(orgRaw.id ?? '')}: ${found.reason}`);
          organization = found.org;
          orgLocations = found.raw.locations ?? [];
          orgsWithRecords.add(idKey(orgRaw.id, ''));
        } else if (raw.organization_id) {
          this.warn(
            ref,
            `organization ${raw.organization_id} is not in this import; it must already exist in Waypoint`,
          );
        }
        const organizationId = organization?.id ?? raw.organization_id?.toLowerCase();
        if (!organizationId)
          throw new Rejected('no organization: organization_id or a nested organization is required');
        const sals = [...(raw.service_at_locations ?? []), ...entry.sals.map((s) => parseSal(s))];
        const mapped = this.mapService(raw, organizationId, sals, orgLocations, ref);
        for (const l of mapped.locations) usedLocationIds.add(l.id);
        this.result.records.push({
          ref,
          organization,
          services: [mapped.service],
          locations: mapped.locations,
        });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }

    // Organizations without services here, or with locations no service uses.
    for (const [id, { raw }] of this.orgs) {
      const ref = `organization ${id}${typeof raw.name === 'string' ? ` "${truncate(raw.name)}"` : ''}`;
      const found = orgFor(raw);
      if (!found.org) {
        // Its services were rejected already, naming the organization's problem.
        if (!orgsReferenced.has(id)) this.result.rejections.push({ ref, reason: found.reason ?? 'invalid' });
        continue;
      }
      try {
        const locations = (found.raw.locations ?? [])
          .map((l) => this.mapLocation(l, found.org?.id as string, ref, found.org?.name.en))
          .filter((l): l is Location => 'id' in l)
          .filter((l) => !usedLocationIds.has(l.id));
        if (orgsWithRecords.has(id) && locations.length === 0) continue;
        this.result.records.push({ ref, organization: found.org, services: [], locations });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }

    for (const { path, raw } of this.standaloneLocations) {
      const ref = `location ${String(raw.id ?? path)}`;
      try {
        const parsed = LocationIn.safeParse(raw);
        if (!parsed.success) throw new Rejected(`invalid HSDS location: ${formatIssues(parsed.error)}`);
        const orgId = parsed.data.organization_id?.toLowerCase();
        if (!orgId) throw new Rejected('a location on its own needs organization_id');
        const location = this.mapLocation(parsed.data, orgId, ref);
        if (!('id' in location))
          throw new Rejected('a virtual location is not a place; give its url on the service');
        this.result.records.push({ ref, services: [], locations: [location] });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }
  }

  private mapOrganization(raw: OrganizationInT): Organization {
    const attributes = readAttributes(raw.attributes);
    const name = clean(raw.name);
    if (!name) throw new Rejected('organization name is empty');
    const description = clean(raw.description);
    const candidate = {
      id: attributes.first('waypoint-id') ?? raw.id.toLowerCase(),
      name: { en: name },
      ...(description ? { description: { en: description } } : {}),
      ...(clean(raw.website) ? { website: clean(raw.website) } : {}),
      ...(clean(raw.email) ? { email: clean(raw.email) } : {}),
      sample: attributes.flag('sample') ?? false,
      ...translationStatusFrom(attributes),
    };
    const parsed = OrganizationSchema.safeParse(candidate);
    if (!parsed.success) throw new Rejected(formatIssues(parsed.error, true));
    return parsed.data;
  }

  /** A location, or for a virtual location the URL to reach the service at. */
  private mapLocation(
    raw: LocationInT,
    organizationId: string,
    ref: string,
    fallbackName?: string,
  ): Location | { url?: string } {
    if (raw.location_type === 'virtual') return { url: clean(raw.url) };
    const attributes = readAttributes(raw.attributes);
    const label = `location ${raw.id}`;
    const name = clean(raw.name) ?? clean(raw.alternate_name) ?? fallbackName;
    if (!name) throw new Rejected(`${label} has no name`);
    const addresses = raw.addresses ?? [];
    const address =
      addresses.find((a) => a.address_type === 'physical') ??
      addresses.find((a) => a.address_type !== 'virtual' && a.address_type !== 'postal') ??
      addresses.find((a) => a.address_type === 'postal');
    let mappedAddress: Location['address'];
    let country: string | undefined;
    let subdivision: string | undefined;
    if (address) {
      country = clean(address.country)?.toUpperCase();
      if (!country || !/^[A-Z]{2}$/.test(country))
        throw new Rejected(
          `${label}: address country "${address.country ?? ''}" is not an ISO 3166-1 alpha-2 code`,
        );
      const street = [clean(address.address_1), clean(address.address_2)].filter(Boolean).join('\n');
      const city = clean(address.city);
      if (!street) throw new Rejected(`${label}: address has no address_1`);
      if (!city) throw new Rejected(`${label}: address has no city`);
      const region = clean(address.state_province) ?? clean(address.region);
      const postalCode = clean(address.postal_code);
      mappedAddress = {
        street,
        city,
        country,
        ...(region ? { region } : {}),
        ...(postalCode ? { postalCode } : {}),
      };
      if (region?.startsWith(`${country}-`) && PlaceIdSchema.safeParse(region).success) subdivision = region;
    }
    const placeId = attributes.first('place-id') ?? subdivision ?? country ?? this.options.defaultPlace;
    if (!placeId)
      throw new Rejected(
        `${label} has no address with a country, no Waypoint place id and no default place was given`,
      );

    let coordinates: { latitude: number; longitude: number } | undefined;
    if (raw.latitude !== undefined || raw.longitude !== undefined) {
      const { latitude, longitude } = raw;
      if (
        latitude !== undefined &&
        longitude !== undefined &&
        Math.abs(latitude) <= 90 &&
        Math.abs(longitude) <= 180
      ) {
        coordinates = { latitude, longitude };
      } else {
        this.warn(
          ref,
          `${label}: coordinates ${raw.latitude ?? '?'}, ${raw.longitude ?? '?'} are not valid WGS84 and were dropped`,
        );
      }
    }
    const accessibility = (raw.accessibility ?? [])
      .map((a) => [clean(a.description), clean(a.details)].filter(Boolean).join('\n'))
      .filter(Boolean)
      .join('\n');
    const candidate = {
      id: attributes.first('waypoint-id') ?? raw.id.toLowerCase(),
      organizationId: ownerId(raw.organization_id, organizationId),
      name: { en: name },
      confidential: attributes.flag('confidential-location') ?? false,
      placeId,
      ...(mappedAddress ? { address: mappedAddress } : {}),
      ...coordinates,
      ...(accessibility ? { accessibility: { en: accessibility } } : {}),
      sample: attributes.flag('sample') ?? false,
    };
    const parsed = LocationSchema.safeParse(candidate);
    if (!parsed.success) throw new Rejected(`${label}: ${formatIssues(parsed.error, true)}`);
    return parsed.data;
  }

  private mapService(
    raw: ServiceInT,
    organizationId: string,
    sals: ServiceAtLocationInT[],
    orgLocations: LocationInT[],
    ref: string,
  ): { service: Service; locations: Location[] } {
    const attributes = readAttributes(raw.attributes);

    const id = attributes.first('waypoint-id') ?? raw.id.toLowerCase();
    if (!SERVICE_ID_PATTERN.test(id))
      throw new Rejected(
        `id "${id}" cannot be a Waypoint service id (3–64 lower-case letters, digits and hyphens, e.g. a UUID)`,
      );
    const name = clean(raw.name);
    if (!name) throw new Rejected('name is empty');
    const description = clean(raw.description);
    if (!description)
      throw new Rejected('description is empty; Waypoint shows a description for every service');

    // Areas and sub-types
    const areas = new Set<AreaId>(attributes.areas);
    const subtypes = new Set<string>(attributes.subtypes);
    for (const s of subtypes) areas.add(s.split('.')[0] as AreaId);
    if (areas.size === 0) {
      const tiers = [[name, clean(raw.alternate_name)], attributes.foreignTermNames, [description]];
      for (const tier of tiers) {
        const found = areasFromKeywords(tier.filter((t): t is string => Boolean(t)));
        if (found.length) {
          for (const a of found) areas.add(a);
          break;
        }
      }
    }
    if (areas.size === 0)
      throw new Rejected(
        `no service area: add an attribute with a ${AREA_TAXONOMY_NAME} term (e.g. code "area-housing") or name the kind of help in the name or description`,
      );

    // Locations (and web addresses of virtual ones)
    const orgLocationById = new Map(orgLocations.map((l) => [l.id.toLowerCase(), l]));
    const locations: Location[] = [];
    const virtualUrls: string[] = [];
    for (const sal of sals) {
      const rawLocation =
        sal.location ?? (sal.location_id ? orgLocationById.get(sal.location_id.toLowerCase()) : undefined);
      if (!rawLocation) {
        if (sal.location_id)
          this.warn(ref, `location ${sal.location_id} is not in this import and was left out`);
        continue;
      }
      const mapped = this.mapLocation(rawLocation, organizationId, ref, name);
      if ('id' in mapped) {
        if (!locations.some((l) => l.id === mapped.id)) locations.push(mapped);
      } else if (mapped.url) {
        virtualUrls.push(mapped.url);
      }
    }

    // Places served
    const places = new Set<string>();
    for (const area of raw.service_areas ?? []) {
      const areaAttributes = readAttributes(area.attributes);
      const place =
        areaAttributes.first('place-id') ?? this.placeFromText(area.uri) ?? this.placeFromText(area.name);
      if (place) places.add(place);
      else
        this.warn(
          ref,
          `service area "${truncate(area.name ?? area.uri ?? '')}" is not a place Waypoint knows; only place ids are kept`,
        );
    }
    if (places.size === 0) for (const l of locations) places.add(l.placeId);
    if (places.size === 0 && this.options.defaultPlace) places.add(this.options.defaultPlace);
    if (places.size === 0)
      throw new Rejected(
        'no place served: give a service_area with a place id (e.g. "TH-50"), a location with an address country, or a default place',
      );

    const schedule = this.mapSchedules(raw, sals, attributes, ref);
    const contacts = mapContacts(raw, sals, virtualUrls, attributes);

    const languages = [
      ...new Set(
        (raw.languages ?? []).map((l) => clean(l.code)?.toLowerCase()).filter((c): c is string => Boolean(c)),
      ),
    ];
    for (const l of raw.languages ?? [])
      if (!clean(l.code) && clean(l.name))
        this.warn(ref, `language "${l.name}" has no code and was left out`);

    const cost = mapCost(raw, attributes);
    const documentsRequired = (raw.required_documents ?? [])
      .map((d) => clean(d.document) ?? clean(d.uri))
      .filter((d): d is string => Boolean(d))
      .map((d) => ({ en: d }));

    // Our model needs who checked; HSDS only has an optional assurer e-mail.
    const assured = clean(raw.assured_date);
    const lastVerified =
      assured && z.iso.date().safeParse(assured).success
        ? { on: assured, by: attributes.first('last-verified-by') ?? clean(raw.assurer_email) ?? 'unknown' }
        : undefined;

    const conditions = withoutUndefined({
      freeToLeave: attributes.flag('shelter-free-to-leave'),
      phoneAllowed: attributes.flag('shelter-phone-allowed'),
      workAllowed: attributes.flag('shelter-work-allowed'),
      childrenWithParent: attributes.flag('shelter-children-with-parent'),
      cooperationRequired: attributes.flag('shelter-cooperation-required'),
      typicalStay: localized(attributes.first('shelter-typical-stay')),
    });
    const accessibility = localized(attributes.first('accessibility'));

    const candidate = {
      id,
      organizationId,
      name: { en: name },
      description: { en: description },
      areas: [...areas],
      subtypes: [...subtypes],
      servesPlaces: [...places],
      locationIds: locations.map((l) => l.id),
      contacts,
      ...(schedule ? { schedule } : {}),
      languages,
      servesGroups: attributes.all('serves-group'),
      ...(raw.minimum_age !== undefined ? { minimumAge: raw.minimum_age } : {}),
      ...(raw.maximum_age !== undefined ? { maximumAge: raw.maximum_age } : {}),
      cost,
      documentsRequired,
      policeReportRequired: attributes.flag('police-report-required') ?? false,
      generalService: attributes.flag('general-service') ?? false,
      ...(Object.keys(conditions).length ? { conditions } : {}),
      ...(accessibility ? { accessibility } : {}),
      status: raw.status === undefined || raw.status === 'active' ? 'active' : 'inactive',
      ...(lastVerified ? { lastVerified } : {}),
      sample: attributes.flag('sample') ?? false,
      ...translationStatusFrom(attributes),
    };
    const parsed = ServiceSchema.safeParse(candidate);
    if (!parsed.success) throw new Rejected(formatIssues(parsed.error, true));
    return { service: parsed.data, locations };
  }

  private placeFromText(value: string | undefined): string | undefined {
    const v = clean(value);
    if (!v) return undefined;
    if (PlaceIdSchema.safeParse(v).success) return v;
    const wanted = normalize(v);
    for (const place of this.options.places ?? []) {
      if (Object.values(place.name).some((n) => normalize(n) === wanted)) return place.id;
    }
    return undefined;
  }

  /**
   * Weekly opening hours. Service schedules first, else those of its service_at_locations. HSDS
   * recurrence details we cannot show (monthly rules, intervals, week numbers, validity dates) are
   * left out with a warning; the schedule's free-text description is kept as notes.
   */
  private mapSchedules(
    raw: ServiceInT,
    sals: ServiceAtLocationInT[],
    serviceAttributes: Attributes,
    ref: string,
  ): Schedule | undefined {
    const entries = raw.schedules?.length ? raw.schedules : sals.flatMap((s) => s.schedules ?? []);
    const open24hAttribute = serviceAttributes.flag('open-24h') ?? false;
    if (entries.length === 0 && !open24hAttribute) return undefined;

    let timeZone: string | undefined;
    const hours: Schedule['hours'] = [];
    const notes = new Set<string>();
    let open24h = open24hAttribute;
    entries.forEach((entry, i) => {
      const label = `schedules[${i}]`;
      const zone = scheduleZone(entry, readAttributes(entry.attributes));
      if (zone === null)
        throw new Rejected(`${label}: timezone ${entry.timezone} cannot be mapped to a time zone`);
      if (zone) {
        if (timeZone && zone !== timeZone)
          this.warn(ref, `${label}: time zone ${zone} differs from ${timeZone}; ${timeZone} is used`);
        timeZone ??= zone;
      }
      for (const note of [clean(entry.description), clean(entry.notes)]) {
        if (note && note !== OPEN_24H_TEXT) notes.add(note);
        else if (note) open24h = true;
      }
      if (!entry.opens_at && !entry.closes_at && !entry.byday) return;
      const freq = entry.freq?.toUpperCase();
      if (freq && freq !== 'WEEKLY') {
        this.warn(ref, `${label}: ${freq} schedules cannot be shown as weekly hours and were left out`);
        return;
      }
      if ((entry.interval ?? 1) !== 1)
        this.warn(ref, `${label}: "every ${entry.interval} weeks" is shown as every week`);
      const ignored = [
        'byweekno',
        'bymonthday',
        'byyearday',
        'count',
        'until',
        'valid_from',
        'valid_to',
      ].filter(
        (k) =>
          (entry as Record<string, unknown>)[k] !== undefined && (entry as Record<string, unknown>)[k] !== '',
      );
      if (ignored.length) this.warn(ref, `${label}: ${ignored.join(', ')} are not modelled and were ignored`);
      const days = parseByDay(entry.byday);
      if (!days) {
        this.warn(ref, `${label}: no usable byday ("${entry.byday ?? ''}"); these hours were left out`);
        return;
      }
      const opens = parseTime(entry.opens_at);
      const closes = parseTime(entry.closes_at);
      if (!opens || !closes)
        throw new Rejected(
          `${label}: opens_at "${entry.opens_at ?? ''}" / closes_at "${entry.closes_at ?? ''}" are not HH:MM times`,
        );
      if (days.length === 7 && opens === '00:00' && (closes === '23:59' || closes === '00:00')) {
        open24h = true;
        return;
      }
      hours.push({ days, opens, closes });
    });
    const notesText = [...notes].join('\n');
    return {
      // HSDS: "Dates are assumed to be UTC otherwise."
      timeZone: timeZone ?? 'UTC',
      open24h,
      hours: open24h ? [] : hours,
      ...(notesText ? { notes: { en: notesText } } : {}),
    };
  }
}

// ---- import helpers ---------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Map key of an HSDS id (ids compare case-insensitively); objects without id stay apart. */
function idKey(id: unknown, path: string): string {
  if (typeof id === 'number') return String(id);
  return typeof id === 'string' && id.trim() ? id.trim().toLowerCase() : `(no id) ${path}`;
}

function keyCount(value: Record<string, unknown> | undefined): number {
  return value ? Object.values(value).filter((v) => v !== undefined && v !== null && v !== '').length : 0;
}

function reasonOf(error: unknown): string {
  if (error instanceof Rejected) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** HSDS field a field of ours comes from, so a reason names what to fix in the source data. */
const HSDS_FIELD: Record<string, string> = {
  name: 'name',
  description: 'description',
  minimumAge: 'minimum_age',
  maximumAge: 'maximum_age',
  languages: 'languages[].code',
  contacts: 'phones / email / url / contacts',
  documentsRequired: 'required_documents',
  cost: 'fees_description / cost_options',
  schedule: 'schedules',
  website: 'website',
  email: 'email',
  address: 'addresses',
  accessibility: 'accessibility',
};

/** Zod issues as "path: message", naming the HSDS field where ours differs. */
function formatIssues(error: z.ZodError, mapFields = false): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.join('.');
      const top = String(i.path[0] ?? '');
      const hsds = mapFields ? HSDS_FIELD[top] : undefined;
      const where = path ? `${path}${hsds && hsds !== path ? ` (HSDS ${hsds})` : ''}: ` : '';
      return `${where}${i.message}`;
    })
    .join('; ');
}

/**
 * The organization a location belongs to: the one it is imported with when its organization_id
 * names that organization (by our id or HSDS UUID) or is missing, else the id it gives.
 */
function ownerId(given: string | undefined, contextId: string): string {
  const id = given?.trim().toLowerCase();
  if (!id || id === contextId.toLowerCase() || id === hsdsId('organization', contextId)) return contextId;
  return id;
}

function parseSal(value: Record<string, unknown>): ServiceAtLocationInT {
  const parsed = ServiceAtLocationIn.safeParse(value);
  if (!parsed.success) throw new Rejected(`invalid HSDS service_at_location: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** Trimmed text, or undefined when empty. */
function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function localized(value: string | undefined): LocalizedText | undefined {
  const v = clean(value);
  return v ? { en: v } : undefined;
}

function truncate(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

interface Attributes {
  areas: AreaId[];
  subtypes: string[];
  /** Names of terms from other taxonomies, used for keyword matching. */
  foreignTermNames: string[];
  first(code: AttributeCode): string | undefined;
  all(code: AttributeCode): string[];
  flag(code: AttributeCode): boolean | undefined;
  translationStatus: [string, string, string][];
}

function readAttributes(list: AttributeInT[] | undefined): Attributes {
  const values = new Map<string, string[]>();
  const areas: AreaId[] = [];
  const subtypes: string[] = [];
  const foreignTermNames: string[] = [];
  for (const a of list ?? []) {
    // A term UUID of ours is unambiguous; a bare code is ours only when the term names no other taxonomy.
    const term = a.taxonomy_term;
    const otherTaxonomy =
      (term?.taxonomy_id !== undefined && !OUR_TAXONOMY_IDS.has(term.taxonomy_id.toLowerCase())) ||
      (term?.taxonomy !== undefined && !OUR_TAXONOMY_NAMES.has(term.taxonomy));
    const code =
      [a.taxonomy_term_id, term?.id]
        .map((k) => (k ? CODE_BY_TERM_ID.get(k.toLowerCase()) : undefined))
        .find(Boolean) ??
      (term?.code && !otherTaxonomy && TERM_BY_CODE.has(term.code) ? term.code : undefined);
    if (!code) {
      const termName = clean(a.taxonomy_term?.name);
      if (termName) foreignTermNames.push(termName);
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

function translationStatusFrom(attributes: Attributes): { translationStatus?: Service['translationStatus'] } {
  if (attributes.translationStatus.length === 0) return {};
  const map: Record<string, Record<string, string>> = {};
  for (const [field, locale, status] of attributes.translationStatus) {
    map[field] ??= {};
    (map[field] as Record<string, string>)[locale] = status;
  }
  return { translationStatus: map as Service['translationStatus'] };
}

/** Synonym lists used for keyword matching: Latin-script lists other than English (vi, id) are left
 * out because their short unaccented words ("no", "me", "con") are common English words. */
const KEYWORD_LOCALES: Locale[] = ['en', 'th', 'my', 'km', 'lo', 'zh-Hans'];
const KEYWORDS: { area: AreaId; term: string; words: string[]; unspaced: boolean }[] = AREAS.flatMap((area) =>
  [area.replace('-', ' '), ...KEYWORD_LOCALES.flatMap((l) => AREA_SYNONYMS[area][l])].map((term) => ({
    area,
    term: compact(term),
    words: words(term),
    unspaced: isUnspacedScript(term),
  })),
);

/** Areas whose synonyms occur in the texts; those with the most distinct matches. */
export function areasFromKeywords(texts: string[]): AreaId[] {
  const joined = texts.join('\n');
  const textWords = words(joined);
  const wordSet = new Set(textWords);
  const compactText = compact(joined);
  const score = new Map<AreaId, number>();
  for (const k of KEYWORDS) {
    let hit = false;
    if (k.unspaced) hit = k.term.length > 0 && compactText.includes(k.term);
    else if (k.words.length === 1) hit = wordSet.has(k.words[0] as string);
    else if (k.words.length > 1) hit = containsSequence(textWords, k.words);
    if (hit) score.set(k.area, (score.get(k.area) ?? 0) + 1);
  }
  const best = Math.max(0, ...score.values());
  return best === 0 ? [] : AREAS.filter((a) => score.get(a) === best);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

/** Zones for UTC offsets that are not whole hours (no Etc/GMT zone exists for them). */
const FRACTIONAL_OFFSET_ZONES: Record<string, string> = {
  '-9.5': 'Pacific/Marquesas',
  '3.5': 'Asia/Tehran',
  '4.5': 'Asia/Kabul',
  '5.5': 'Asia/Kolkata',
  '5.75': 'Asia/Kathmandu',
  '6.5': 'Asia/Yangon',
  '8.75': 'Australia/Eucla',
  '9.5': 'Australia/Darwin',
};

/** IANA zone for a UTC offset in hours; undefined when there is none. */
export function zoneForOffset(hours: number): string | undefined {
  if (hours === 0) return 'UTC';
  if (Number.isInteger(hours) && hours >= -12 && hours <= 14)
    return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  return FRACTIONAL_OFFSET_ZONES[String(hours)];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The schedule's zone: our time-zone attribute, the numeric offset, or a suffix on opens_at; null if unmappable. */
function scheduleZone(entry: ScheduleInT, attributes: Attributes): string | undefined | null {
  const named = attributes.first('time-zone');
  if (named && isTimeZone(named)) return named;
  if (entry.timezone !== undefined) return zoneForOffset(entry.timezone) ?? null;
  const suffix = /(Z|[+-]\d{2}:?\d{2})$/.exec(entry.opens_at?.trim() ?? '')?.[1];
  if (!suffix) return undefined;
  if (suffix === 'Z') return 'UTC';
  const sign = suffix.startsWith('-') ? -1 : 1;
  const digits = suffix.slice(1).replace(':', '');
  return zoneForOffset(sign * (Number(digits.slice(0, 2)) + Number(digits.slice(2)) / 60)) ?? null;
}

/** "10:00", "10:00:00", "10:00Z", "10:00:00+07:00" → "10:00"; "24:00" → "00:00". */
function parseTime(value: string | undefined): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h === 24 && m === 0) return '00:00';
  if (h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function parseByDay(value: string | undefined): Weekday[] | undefined {
  if (!value) return undefined;
  const days = value.split(',').map((d) => d.trim().toLowerCase());
  if (!days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return undefined;
  return WEEKDAYS.filter((d) => days.includes(d));
}

/** Phone numbers in some HSDS data carry literal quotes ("\"+44 1234 234567\""); they are removed. */
function cleanNumber(value: string): string | undefined {
  return clean(value.trim().replace(/^["']+|["']+$/g, ''));
}

function mapContacts(
  raw: ServiceInT,
  sals: ServiceAtLocationInT[],
  virtualUrls: string[],
  attributes: Attributes,
): ContactChannel[] {
  const out: ContactChannel[] = [];
  const add = (channel: ContactChannel) => {
    const same = out.find((c) => c.kind === channel.kind && c.value === channel.value);
    if (!same) out.push(channel);
    else if (!same.label && channel.label) same.label = channel.label;
  };
  const addPhone = (p: PhoneInT) => {
    const type = p.type?.toLowerCase();
    if (type === 'fax' || type === 'pager' || type === 'video') return;
    const value = cleanNumber(p.number);
    if (!value) return;
    const phoneAttributes = readAttributes(p.attributes);
    const label = [p.extension !== undefined ? `Extension ${p.extension}.` : undefined, clean(p.description)]
      .filter(Boolean)
      .join(' ');
    add({
      kind: type === 'text' || type === 'sms' ? 'sms' : 'phone',
      value,
      ...(label ? { label: { en: label } } : {}),
      ...withoutUndefined({
        free: phoneAttributes.flag('free-call'),
        showsOnBill: phoneAttributes.flag('shows-on-bill'),
      }),
    });
  };
  const addContact = (c: ContactInT) => {
    for (const p of c.phones ?? []) addPhone(p);
    const email = clean(c.email);
    const name = clean(c.name);
    if (email) add({ kind: 'email', value: email, ...(name ? { label: { en: name } } : {}) });
  };

  for (const p of raw.phones ?? []) addPhone(p);
  const email = clean(raw.email);
  if (email) add({ kind: 'email', value: email });
  for (const c of raw.contacts ?? []) addContact(c);
  const url = clean(raw.url);
  if (url) add({ kind: 'web', value: url });
  for (const sal of sals) {
    for (const p of sal.phones ?? []) addPhone(p);
    for (const c of sal.contacts ?? []) addContact(c);
  }
  for (const u of virtualUrls) add({ kind: 'web', value: u });
  for (const entry of attributes.all('contact-channel')) {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon) as ContactKind;
    const value = clean(entry.slice(colon + 1));
    if (colon > 0 && value && (CONTACT_KINDS as readonly string[]).includes(kind)) add({ kind, value });
  }
  return out;
}

/**
 * Free when our free-of-charge attribute says so, or when every cost option costs 0. Priced cost
 * options are kept as text in the cost details after fees_description.
 */
function mapCost(raw: ServiceInT, attributes: Attributes): Service['cost'] {
  const options = raw.cost_options ?? [];
  const free =
    attributes.flag('free-of-charge') ?? (options.length > 0 && options.every((o) => o.amount === 0));
  const priced = options
    .filter((o) => o.amount !== 0 && (o.amount !== undefined || clean(o.option)))
    .map((o) => {
      const amount =
        o.amount !== undefined ? `${o.amount}${o.currency ? ` ${o.currency.toUpperCase()}` : ''}` : '';
      const what = [amount, clean(o.amount_description)].filter(Boolean).join(' ');
      return [clean(o.option), what].filter(Boolean).join(': ');
    });
  const details = [clean(raw.fees_description), ...priced].filter(Boolean).join('\n');
  return { free, ...(details ? { details: { en: details } } : {}) };
}
