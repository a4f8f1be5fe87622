import type { HsdsExtra } from '../model.js';
import { isRecord } from './util.js';

/**
 * What the importer does with each field of the input, so that nothing is dropped without a word:
 * a field is either read into the model (READ), kept as it came for the export (top-level fields
 * of services, organizations and locations the model has no place for), or named in a warning.
 */

/** Fields read into the model, per HSDS object. Links (…_id) are read as the nesting itself. */
export const READ: Record<string, readonly string[]> = {
  service: [
    'id',
    'organization_id',
    'name',
    'description',
    'url',
    'email',
    'status',
    'fees_description',
    'minimum_age',
    'maximum_age',
    'assured_date',
    'assurer_email',
    'last_modified',
    'phones',
    'schedules',
    'service_areas',
    'service_at_locations',
    'languages',
    'organization',
    'cost_options',
    'required_documents',
    'contacts',
    'attributes',
  ],
  organization: ['id', 'name', 'description', 'email', 'website', 'locations', 'services', 'attributes'],
  location: [
    'id',
    'location_type',
    'url',
    'organization_id',
    'name',
    'latitude',
    'longitude',
    'addresses',
    'accessibility',
    'attributes',
  ],
  phone: [
    'id',
    'number',
    'extension',
    'type',
    'description',
    'attributes',
    'service_id',
    'location_id',
    'organization_id',
    'contact_id',
    'service_at_location_id',
  ],
  contact: [
    'id',
    'name',
    'email',
    'phones',
    'service_id',
    'organization_id',
    'location_id',
    'service_at_location_id',
  ],
  schedule: [
    'id',
    'service_id',
    'location_id',
    'service_at_location_id',
    'timezone',
    'freq',
    'interval',
    'byday',
    'description',
    'notes',
    'opens_at',
    'closes_at',
    'attributes',
    // Read to say in a warning that they cannot be shown.
    'byweekno',
    'bymonthday',
    'byyearday',
    'count',
    'until',
    'valid_from',
    'valid_to',
  ],
  address: [
    'id',
    'location_id',
    'address_1',
    'address_2',
    'city',
    'region',
    'state_province',
    'postal_code',
    'country',
    'address_type',
  ],
  accessibility: ['id', 'location_id', 'description', 'details'],
  language: ['id', 'service_id', 'location_id', 'phone_id', 'code', 'name', 'attributes'],
  required_document: ['id', 'service_id', 'document', 'uri'],
  service_area: ['id', 'service_id', 'name', 'uri', 'attributes'],
  service_at_location: ['id', 'service_id', 'location_id', 'location', 'phones', 'contacts', 'schedules'],
  cost_option: ['id', 'service_id', 'option', 'currency', 'amount', 'amount_description'],
};

function given(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Given fields of `raw` that the object type does not read. */
export function unreadFields(kind: keyof typeof READ, raw: unknown): string[] {
  if (!isRecord(raw)) return [];
  const read = new Set(READ[kind]);
  return Object.keys(raw).filter((k) => !read.has(k) && given(raw[k]));
}

/** The top-level fields the model has no place for, kept as they came (undefined when none). */
export function keptExtras(
  kind: 'service' | 'organization' | 'location',
  raw: unknown,
  more: HsdsExtra = {},
): HsdsExtra | undefined {
  const extra: HsdsExtra = {};
  if (isRecord(raw)) for (const k of unreadFields(kind, raw)) extra[k] = asHsdsValue(k, raw[k]);
  Object.assign(extra, more);
  return Object.keys(extra).length ? extra : undefined;
}

/** "phones[0].languages", … for every given field of each child that is neither read nor kept. */
export function unreadChildFields(kind: keyof typeof READ, list: unknown, path: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i) => unreadFields(kind, item).map((k) => `${path}[${i}].${k}`));
}

/** HSDS 3.0 fields whose schema type is number (every other scalar field is a string). */
const NUMBER_FIELDS = new Set([
  'extension',
  'amount',
  'minimum_age',
  'maximum_age',
  'count',
  'interval',
  'timezone',
  'latitude',
  'longitude',
  'year_incorporated',
]);

/**
 * A kept value in the type the 3.0 schema gives its field: CSV packages carry every cell as
 * text and some producers write numbers for text fields. Empty values are left out.
 */
export function asHsdsValue(key: string, value: unknown): HsdsExtra[string] {
  if (Array.isArray(value))
    return value.filter((v) => v !== null && v !== undefined).map((v) => asHsdsValue(key, v));
  if (isRecord(value)) {
    const out: Record<string, HsdsExtra[string]> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null || v === '') continue;
      out[k] = asHsdsValue(k, v);
    }
    return out;
  }
  if (NUMBER_FIELDS.has(key)) {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isFinite(n) ? n : String(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value as HsdsExtra[string];
}
