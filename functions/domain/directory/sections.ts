import * as z from 'zod';
import { type EditErrors, type EditResult, type EditErrorCode, validatedWith } from './editing.js';
import {
  CONTACT_KINDS,
  type ContactChannel,
  type Location,
  LocationSchema,
  type LocalizedText,
  type Organization,
  OrganizationSchema,
  SERVED_GROUPS,
  type Service,
  ServiceSchema,
  WEEKDAYS,
} from './model.js';
import { SUPPORTED_LOCALES } from '../locales.js';

/**
 * The editors' forms for every other field of a listing, one form per section. Each section turns
 * a listing into form values (what the page shows) and form values back into a listing, which is
 * validated with the model schemas the import uses. On an error the page shows the values the
 * editor sent, so nothing typed is lost.
 *
 * Short texts inside a section (a contact's label, opening-hour notes, cost details, documents,
 * the typical stay) are edited in English here; their other languages are kept and travel with
 * the per-language import and export.
 */

/** Form values as a browser sends them: every field name with its values, in order. */
export type FormValues = Record<string, string[]>;

export const SERVICE_SECTIONS = [
  'organization',
  'contacts',
  'hours',
  'eligibility',
  'cost',
  'shelter',
  'languages',
  'areas',
  'locations',
] as const;
export type ServiceSection = (typeof SERVICE_SECTIONS)[number];

export const isServiceSection = (s: string): s is ServiceSection =>
  (SERVICE_SECTIONS as readonly string[]).includes(s);

/** Empty rows offered after the existing ones, for adding without JavaScript. */
export const BLANK_ROWS = 2;

export const SHELTER_FLAGS = [
  'freeToLeave',
  'phoneAllowed',
  'workAllowed',
  'childrenWithParent',
  'cooperationRequired',
] as const;

const first = (form: FormValues, key: string): string => (form[key]?.[0] ?? '').trim();
const all = (form: FormValues, key: string): string[] =>
  (form[key] ?? []).map((v) => v.trim()).filter(Boolean);
const flag = (form: FormValues, key: string): boolean => first(form, key) === '1';
const yesNo = (value: boolean | undefined): string => (value === undefined ? '' : value ? 'yes' : 'no');
const fromYesNo = (value: string): boolean | undefined =>
  value === 'yes' ? true : value === 'no' ? false : undefined;
const count = (form: FormValues, key: string, max: number): number => {
  const n = Number(first(form, key));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : 0;
};
/** A list typed as text: commas, semicolons, spaces or new lines between the items. */
export const splitList = (value: string): string[] =>
  value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/** Replaces the English of a short text, keeping its other languages; empty removes the text. */
function withEnglish(current: LocalizedText | undefined, english: string): LocalizedText | undefined {
  if (!english) return undefined;
  if (current?.en === english) return current;
  return { ...(current ?? {}), en: english };
}

/** A number typed in a form: empty is "not given", anything else must be a whole number. */
function wholeNumber(value: string): number | undefined {
  if (!value) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

// --- service sections ---------------------------------------------------------------------------

/** What a section's form shows for a listing. */
export function sectionValues(service: Service, section: ServiceSection): FormValues {
  switch (section) {
    case 'organization':
      return { organizationId: [service.organizationId] };
    case 'contacts': {
      const values: FormValues = { 'contacts.count': [String(service.contacts.length + BLANK_ROWS)] };
      service.contacts.forEach((c, i) => {
        values[`contacts.${i}.orig`] = [String(i)];
        values[`contacts.${i}.kind`] = [c.kind];
        values[`contacts.${i}.value`] = [c.value];
        values[`contacts.${i}.label`] = [c.label?.en ?? ''];
        values[`contacts.${i}.free`] = c.free ? ['1'] : [];
        values[`contacts.${i}.showsOnBill`] = [yesNo(c.showsOnBill)];
      });
      return values;
    }
    case 'hours': {
      const s = service.schedule;
      const hours = s?.hours ?? [];
      const values: FormValues = {
        timeZone: [s?.timeZone ?? ''],
        open24h: s?.open24h ? ['1'] : [],
        notes: [s?.notes?.en ?? ''],
        'hours.count': [String(hours.length + BLANK_ROWS)],
      };
      hours.forEach((h, i) => {
        values[`hours.${i}.orig`] = [String(i)];
        values[`hours.${i}.days`] = [...h.days];
        values[`hours.${i}.opens`] = [h.opens];
        values[`hours.${i}.closes`] = [h.closes];
      });
      return values;
    }
    case 'eligibility':
      return {
        servesGroups: [...service.servesGroups],
        minimumAge: [service.minimumAge === undefined ? '' : String(service.minimumAge)],
        maximumAge: [service.maximumAge === undefined ? '' : String(service.maximumAge)],
        policeReportRequired: service.policeReportRequired ? ['1'] : [],
        generalService: service.generalService ? ['1'] : [],
      };
    case 'cost':
      return {
        free: service.cost.free ? ['1'] : [],
        details: [service.cost.details?.en ?? ''],
        documents: [service.documentsRequired.map((d) => d.en).join('\n')],
      };
    case 'shelter': {
      const c = service.conditions ?? {};
      return {
        ...Object.fromEntries(SHELTER_FLAGS.map((f) => [`conditions.${f}`, [yesNo(c[f])]])),
        typicalStay: [c.typicalStay?.en ?? ''],
      };
    }
    case 'languages':
      return { languages: [service.languages.join(', ')] };
    case 'areas':
      return {
        areas: [...service.areas],
        subtypes: [...service.subtypes],
        servesPlaces: [service.servesPlaces.join(', ')],
      };
    case 'locations':
      return { locationIds: [...service.locationIds] };
  }
}

/** What the listing would be with a section's form values; not validated yet. */
function applySection(
  service: Service,
  section: ServiceSection,
  form: FormValues,
  extraErrors: EditErrors,
): Service {
  const next = structuredClone(service) as Service & Record<string, unknown>;
  switch (section) {
    case 'organization':
      next.organizationId = first(form, 'organizationId');
      break;
    case 'contacts': {
      const contacts: ContactChannel[] = [];
      const rows = count(form, 'contacts.count', 50);
      for (let i = 0; i < rows; i++) {
        const value = first(form, `contacts.${i}.value`);
        if (!value || flag(form, `contacts.${i}.remove`)) continue;
        const original = service.contacts[Number(first(form, `contacts.${i}.orig`) || Number.NaN)];
        const kind = first(form, `contacts.${i}.kind`) as ContactChannel['kind'];
        const label = withEnglish(original?.label, first(form, `contacts.${i}.label`));
        const showsOnBill = fromYesNo(first(form, `contacts.${i}.showsOnBill`));
        const path = `contacts.${contacts.length}.value`;
        if (kind === 'email' && !z.email().safeParse(value).success) extraErrors[path] = 'email';
        if (kind === 'web' && !z.url({ protocol: /^https?$/ }).safeParse(value).success)
          extraErrors[path] = 'url';
        contacts.push({
          kind,
          value,
          ...(label ? { label } : {}),
          ...(flag(form, `contacts.${i}.free`) ? { free: true } : {}),
          ...(showsOnBill !== undefined ? { showsOnBill } : {}),
          ...(original?.hsdsId ? { hsdsId: original.hsdsId } : {}),
        });
      }
      next.contacts = contacts;
      break;
    }
    case 'hours': {
      const timeZone = first(form, 'timeZone');
      const rows = count(form, 'hours.count', 50);
      const hours: NonNullable<Service['schedule']>['hours'] = [];
      for (let i = 0; i < rows; i++) {
        const days = all(form, `hours.${i}.days`) as (typeof WEEKDAYS)[number][];
        const opens = first(form, `hours.${i}.opens`);
        const closes = first(form, `hours.${i}.closes`);
        if (!days.length && !opens && !closes) continue;
        const original = service.schedule?.hours[Number(first(form, `hours.${i}.orig`) || Number.NaN)];
        hours.push({ days, opens, closes, ...(original?.hsdsId ? { hsdsId: original.hsdsId } : {}) });
      }
      const open24h = flag(form, 'open24h');
      const notes = withEnglish(service.schedule?.notes, first(form, 'notes'));
      if (!timeZone && !hours.length && !open24h && !notes) delete next.schedule;
      else next.schedule = { timeZone, open24h, hours, ...(notes ? { notes } : {}) };
      break;
    }
    case 'eligibility': {
      next.servesGroups = all(form, 'servesGroups') as Service['servesGroups'];
      const min = wholeNumber(first(form, 'minimumAge'));
      const max = wholeNumber(first(form, 'maximumAge'));
      if (min === undefined) delete next.minimumAge;
      else next.minimumAge = min;
      if (max === undefined) delete next.maximumAge;
      else next.maximumAge = max;
      if (min !== undefined && max !== undefined && min <= 120 && max >= 0 && min > max)
        extraErrors.maximumAge = 'ageOrder';
      next.policeReportRequired = flag(form, 'policeReportRequired');
      next.generalService = flag(form, 'generalService');
      break;
    }
    case 'cost': {
      const details = withEnglish(service.cost.details, first(form, 'details'));
      next.cost = { free: flag(form, 'free'), ...(details ? { details } : {}) };
      const lines = (form.documents?.[0] ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      next.documentsRequired = lines.map(
        (line, i) => withEnglish(service.documentsRequired[i], line) ?? { en: line },
      );
      break;
    }
    case 'shelter': {
      const conditions: NonNullable<Service['conditions']> = {};
      for (const f of SHELTER_FLAGS) {
        const v = fromYesNo(first(form, `conditions.${f}`));
        if (v !== undefined) conditions[f] = v;
      }
      const typicalStay = withEnglish(service.conditions?.typicalStay, first(form, 'typicalStay'));
      if (typicalStay) conditions.typicalStay = typicalStay;
      if (Object.keys(conditions).length) next.conditions = conditions;
      else delete next.conditions;
      break;
    }
    case 'languages': {
      const languages: string[] = [];
      splitList(first(form, 'languages')).forEach((tag) => {
        try {
          const [canonical] = Intl.getCanonicalLocales(tag);
          if (canonical && !languages.includes(canonical)) languages.push(canonical);
        } catch {
          extraErrors.languages = 'language';
        }
      });
      next.languages = languages;
      break;
    }
    case 'areas':
      next.areas = all(form, 'areas') as Service['areas'];
      next.subtypes = all(form, 'subtypes');
      next.servesPlaces = [...new Set(splitList(first(form, 'servesPlaces').toUpperCase()))];
      break;
    case 'locations':
      next.locationIds = [...new Set(all(form, 'locationIds'))];
      break;
  }
  return next;
}

export interface SectionRules {
  /** Organisations a listing may belong to. */
  organizationIds: ReadonlySet<string>;
  /** Locations a listing may be delivered at (its organisation's). */
  locationIds: ReadonlySet<string>;
  /** Place ids of the reference data (countries, provinces, districts). */
  placeIds?: Pick<ReadonlySet<string>, 'has'>;
}

/**
 * Applies one section's form to a listing and validates the result with the import's schema;
 * references (organisation, locations, places) must exist.
 */
export function editSection(
  service: Service,
  section: ServiceSection,
  form: FormValues,
  rules: SectionRules,
): EditResult {
  const extra: EditErrors = {};
  const candidate = applySection(service, section, form, extra);
  if (section === 'organization' && !rules.organizationIds.has(candidate.organizationId))
    extra.organizationId = 'unknown';
  if (section === 'locations' && candidate.locationIds.some((id) => !rules.locationIds.has(id)))
    extra.locationIds = 'unknown';
  if (section === 'areas' && rules.placeIds) {
    const unknown = candidate.servesPlaces.findIndex((p) => !rules.placeIds?.has(p));
    if (unknown >= 0) extra.servesPlaces = 'place';
  }
  const result = validatedWith(ServiceSchema, candidate);
  const errors: EditErrors = { ...extra, ...(result.ok ? {} : result.errors) };
  // A sub-type's error names its index; the page shows it at the list.
  for (const key of Object.keys(errors)) {
    const list = key.match(/^(servesPlaces|subtypes|areas|languages|servesGroups|locationIds)\.\d+$/)?.[1];
    if (list) {
      errors[list] ??= errors[key] as EditErrorCode;
      delete errors[key];
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return result;
}

// --- organisations and locations ----------------------------------------------------------------

export function organizationValues(o: Organization): FormValues {
  return {
    ...Object.fromEntries(SUPPORTED_LOCALES.map((l) => [`name.${l}`, [o.name[l] ?? '']])),
    description: [o.description?.en ?? ''],
    website: [o.website ?? ''],
    email: [o.email ?? ''],
  };
}

/** An organisation with its form applied, validated with the import's schema. */
export function editOrganization(o: Organization, form: FormValues): EditResult<Organization> {
  const name: Record<string, string> = {};
  for (const l of SUPPORTED_LOCALES) {
    const text = first(form, `name.${l}`);
    if (text || l === 'en') name[l] = text;
  }
  const description = withEnglish(o.description, first(form, 'description'));
  const website = first(form, 'website');
  const email = first(form, 'email');
  const { description: _d, website: _w, email: _e, ...rest } = o;
  return validatedWith(OrganizationSchema, {
    ...rest,
    name,
    ...(description ? { description } : {}),
    ...(website ? { website } : {}),
    ...(email ? { email } : {}),
  });
}

export function locationValues(l: Location): FormValues {
  return {
    name: [l.name.en],
    placeId: [l.placeId],
    confidential: l.confidential ? ['1'] : [],
    street: [l.address?.street ?? ''],
    city: [l.address?.city ?? ''],
    region: [l.address?.region ?? ''],
    postalCode: [l.address?.postalCode ?? ''],
    country: [l.address?.country ?? ''],
    latitude: [l.latitude === undefined ? '' : String(l.latitude)],
    longitude: [l.longitude === undefined ? '' : String(l.longitude)],
    accessibility: [l.accessibility?.en ?? ''],
  };
}

/**
 * A location with its form applied, validated with the import's schema. The street address of a
 * confidential location is saved apart from the public item (DirectoryStore.saveLocationEdit).
 */
export function editLocation(
  l: Location,
  form: FormValues,
  placeIds?: Pick<ReadonlySet<string>, 'has'>,
): EditResult<Location> {
  const name = withEnglish(l.name, first(form, 'name'));
  const street = first(form, 'street');
  const city = first(form, 'city');
  const region = first(form, 'region');
  const postalCode = first(form, 'postalCode');
  const country = first(form, 'country').toUpperCase();
  const anyAddress = Boolean(street || city || region || postalCode || country);
  const address = anyAddress
    ? {
        street,
        city,
        ...(region ? { region } : {}),
        ...(postalCode ? { postalCode } : {}),
        country,
        ...(l.address?.type ? { type: l.address.type } : {}),
        ...(l.address?.hsdsId ? { hsdsId: l.address.hsdsId } : {}),
      }
    : undefined;
  const latitude = wholeNumberOrDecimal(first(form, 'latitude'));
  const longitude = wholeNumberOrDecimal(first(form, 'longitude'));
  const accessibility = withEnglish(l.accessibility, first(form, 'accessibility'));
  const { address: _a, latitude: _la, longitude: _lo, accessibility: _ac, ...rest } = l;
  const placeId = first(form, 'placeId').toUpperCase();
  const result = validatedWith(LocationSchema, {
    ...rest,
    name: name ?? { en: '' },
    placeId,
    confidential: flag(form, 'confidential'),
    ...(address ? { address } : {}),
    ...(latitude !== undefined ? { latitude } : {}),
    ...(longitude !== undefined ? { longitude } : {}),
    ...(accessibility ? { accessibility } : {}),
  });
  const errors: EditErrors = result.ok ? {} : { ...result.errors };
  if (placeIds && placeId && !placeIds.has(placeId)) errors.placeId ??= 'place';
  // The address's fields are shown by their own names.
  for (const key of Object.keys(errors)) {
    if (key.startsWith('address.')) {
      errors[key.slice('address.'.length)] ??= errors[key] as EditErrorCode;
      delete errors[key];
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return result;
}

function wholeNumberOrDecimal(value: string): number | undefined {
  return wholeNumber(value);
}

export { CONTACT_KINDS, SERVED_GROUPS, WEEKDAYS };
