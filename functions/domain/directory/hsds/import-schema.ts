import * as z from 'zod';

/**
 * What the importer reads of HSDS input, as zod schemas. Loose: fields we do not read pass
 * through (and are reported or kept by the mappers).
 */

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

export const TermIn = z.looseObject({ id: str, code: str, name: str, taxonomy: str, taxonomy_id: str });
export const AttributeIn = z.looseObject({
  taxonomy_term_id: str,
  value: z.preprocess(
    (v) => (v === null ? undefined : typeof v === 'string' ? v : String(v)),
    z.string().optional(),
  ),
  taxonomy_term: obj(TermIn),
});
const attrs = arr(AttributeIn);
export const PhoneIn = z.looseObject({
  id: str,
  number: str,
  extension: num,
  type: str,
  description: str,
  attributes: attrs,
});
export const ContactIn = z.looseObject({ id: str, name: str, title: str, email: str, phones: arr(PhoneIn) });
export const ScheduleIn = z.looseObject({
  id: str,
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
export const AddressIn = z.looseObject({
  id: str,
  address_1: str,
  address_2: str,
  city: str,
  region: str,
  state_province: str,
  postal_code: str,
  country: str,
  address_type: str,
});
export const LocationIn = z.looseObject({
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
export const ServiceAtLocationIn = z.looseObject({
  location_id: str,
  phones: arr(PhoneIn),
  contacts: arr(ContactIn),
  schedules: arr(ScheduleIn),
  location: obj(LocationIn),
});
export const OrganizationIn = z.looseObject({
  id: requiredId,
  name: str,
  description: str,
  email: str,
  website: str,
  locations: arr(LocationIn),
  attributes: attrs,
});
export const ServiceIn = z.looseObject({
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
  last_modified: str,
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
export type AttributeInT = z.infer<typeof AttributeIn>;
export type PhoneInT = z.infer<typeof PhoneIn>;
export type ContactInT = z.infer<typeof ContactIn>;
export type ScheduleInT = z.infer<typeof ScheduleIn>;
export type LocationInT = z.infer<typeof LocationIn>;
export type ServiceAtLocationInT = z.infer<typeof ServiceAtLocationIn>;
export type OrganizationInT = z.infer<typeof OrganizationIn>;
export type ServiceInT = z.infer<typeof ServiceIn>;
