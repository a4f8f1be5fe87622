import * as z from 'zod';
import {
  type HsdsExtra,
  type Location,
  PlaceIdSchema,
  SERVICE_ID_PATTERN,
  type Service,
  ServiceSchema,
} from '../model.js';
import type { AreaId } from '../taxonomy.js';
import { normalize } from '../text.js';
import { readAttributes, translationStatusFrom } from './attributes.js';
import { INACTIVE_STATUSES } from './export-view.js';
import { nameUuid } from './ids.js';
import { asHsdsValue, keptExtras, unreadChildFields } from './kept-fields.js';

import type { ImportContext } from './import-context.js';
import type { LocationInT, ServiceAtLocationInT, ServiceInT } from './import-schema.js';
import { areasFromKeywords } from './keywords.js';
import { mapContacts } from './map-contacts.js';
import { mapCost } from './map-cost.js';
import { mapLocation } from './map-location.js';
import { mapSchedules } from './map-schedule.js';
import { AREA_TAXONOMY_NAME } from './taxonomy.js';
import { clean, formatIssues, localized, Rejected, truncate, withoutUndefined } from './util.js';

/** HSDS service (with its service_at_locations) → our Service and the locations it uses. */
export function mapService(
  ctx: ImportContext,
  raw: ServiceInT,
  organizationId: string,
  sals: ServiceAtLocationInT[],
  orgLocations: LocationInT[],
  ref: string,
): { service: Service; locations: Location[] } {
  const attributes = readAttributes(raw.attributes);

  const id = serviceIdFrom(ctx, attributes.first('waypoint-id') ?? raw.id, ref);
  const name = clean(raw.name);
  if (!name) throw new Rejected('name is empty');
  const description = clean(raw.description);
  // What the public pages need; a record without it is kept, inactive, for an editor to complete.
  const gaps: string[] = [];
  if (!description) gaps.push('a description');

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
    gaps.push(
      `a kind of help (an attribute with a ${AREA_TAXONOMY_NAME} term such as "area-housing", or words for it in the name or description)`,
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
        ctx.warn(ref, `location ${sal.location_id} is not in this import and was left out`);
      continue;
    }
    let mapped: ReturnType<typeof mapLocation>;
    try {
      mapped = mapLocation(ctx, rawLocation, organizationId, ref, name);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      ctx.warn(ref, `${error.message}; this location was left out`);
      continue;
    }
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
      areaAttributes.first('place-id') ?? placeFromText(ctx, area.uri) ?? placeFromText(ctx, area.name);
    if (place) places.add(place);
    else
      ctx.warn(
        ref,
        `service area "${truncate(area.name ?? area.uri ?? '')}" is not a place Waypoint knows; only place ids are kept`,
      );
  }
  if (places.size === 0) for (const l of locations) places.add(l.placeId);
  if (places.size === 0 && ctx.options.defaultPlace) places.add(ctx.options.defaultPlace);
  if (places.size === 0)
    gaps.push(
      'a place served (a service_area with a place id such as "TH-50", a location with an address country, or a default place)',
    );

  const schedule = mapSchedules(ctx, raw, sals, attributes, ref);
  const contacts = mapContacts(raw, sals, virtualUrls, attributes, (message) => ctx.warn(ref, message));

  const languages = [
    ...new Set(
      (raw.languages ?? []).map((l) => clean(l.code)?.toLowerCase()).filter((c): c is string => Boolean(c)),
    ),
  ];
  for (const l of raw.languages ?? [])
    if (!clean(l.code) && clean(l.name)) ctx.warn(ref, `language "${l.name}" has no code and was left out`);

  const cost = mapCost(raw, attributes);
  const costOptions = keptCostOptions(raw, id);
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
  const discreetLabel = localized(attributes.first('discreet-label'));
  const lastModified = isoDateTime(raw.last_modified);

  const candidate = {
    id,
    organizationId,
    name: { en: name },
    ...(description ? { description: { en: description } } : {}),
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
    ...(discreetLabel ? { discreetLabel } : {}),
    status: statusFrom(ctx, raw.status, gaps, ref),
    ...(lastVerified ? { lastVerified } : {}),
    sample: attributes.flag('sample') ?? false,
    ...translationStatusFrom(attributes),
    ...(lastModified ? { updatedAt: lastModified } : {}),
    ...withoutUndefined({
      hsds: keptExtras('service', raw, extraFor(raw.status, costOptions, attributes.foreign)),
    }),
  };
  reportUnread(ctx, raw, sals, ref);
  const parsed = ServiceSchema.safeParse(candidate);
  if (!parsed.success) throw new Rejected(formatIssues(parsed.error, true));
  return { service: parsed.data, locations };
}

export function placeFromText(ctx: ImportContext, value: string | undefined): string | undefined {
  const v = clean(value);
  if (!v) return undefined;
  if (PlaceIdSchema.safeParse(v).success) return v;
  const wanted = normalize(v);
  for (const place of ctx.options.places ?? []) {
    if (Object.values(place.name).some((n) => normalize(n) === wanted)) return place.id;
  }
  return undefined;
}

/** Our id for an HSDS id: lower case; other characters than letters, digits and hyphens become hyphens. */
function serviceIdFrom(ctx: ImportContext, given: string, ref: string): string {
  const id = given
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64);
  if (!SERVICE_ID_PATTERN.test(id))
    throw new Rejected(`id "${given}" cannot be a Waypoint id (letters, digits and hyphens, at most 64)`);
  if (id !== given.trim().toLowerCase()) ctx.warn(ref, `id "${given}" is stored as "${id}"`);
  return id;
}

/**
 * active/inactive. "defunct" and "temporarily closed" are inactive (the word is kept for the
 * export); an empty or unknown status, or a record that lacks what the public pages need, is
 * kept inactive with a warning rather than shown.
 */
function statusFrom(
  ctx: ImportContext,
  given: string | undefined,
  gaps: string[],
  ref: string,
): 'active' | 'inactive' {
  const status = clean(given)?.toLowerCase();
  if (status !== undefined && status !== 'active' && !INACTIVE_STATUSES.has(status))
    ctx.warn(ref, `status "${given}" is not an HSDS status; the service is kept inactive`);
  if (status === undefined) ctx.warn(ref, 'no status given; the service is kept inactive');
  if (status !== 'active') return 'inactive';
  if (gaps.length) {
    ctx.warn(ref, `kept inactive until an editor adds ${gaps.join(', ')}`);
    return 'inactive';
  }
  return 'active';
}

function isoDateTime(value: string | undefined): string | undefined {
  const v = clean(value);
  if (!v) return undefined;
  if (z.iso.datetime().safeParse(v).success) return v;
  const date = new Date(v);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Cost options as they came, unless they are just the "free of charge" option our own export
 * writes (that one is made again from the free flag).
 */
function keptCostOptions(raw: ServiceInT, id: string): HsdsExtra[string] | undefined {
  const options = raw.cost_options ?? [];
  if (options.length === 0) return undefined;
  const ours =
    options.length === 1 &&
    options[0]?.amount === 0 &&
    String((options[0] as Record<string, unknown>).id ?? '') === nameUuid(`cost_option:${id}:free`);
  return ours ? undefined : asHsdsValue('cost_options', options);
}

function extraFor(
  status: string | undefined,
  costOptions: HsdsExtra[string] | undefined,
  foreignAttributes: unknown[],
): HsdsExtra {
  const extra: HsdsExtra = {};
  const s = clean(status)?.toLowerCase();
  if (s && s !== 'active' && s !== 'inactive' && INACTIVE_STATUSES.has(s)) extra.status = s;
  if (costOptions) extra.cost_options = costOptions;
  if (foreignAttributes.length) extra.attributes = asHsdsValue('attributes', foreignAttributes);
  return extra;
}

/** Every given field of the service's children that is neither read nor kept, in one warning. */
function reportUnread(ctx: ImportContext, raw: ServiceInT, sals: ServiceAtLocationInT[], ref: string): void {
  const fields = [
    ...unreadChildFields('phone', raw.phones, 'phones'),
    ...unreadChildFields('schedule', raw.schedules, 'schedules'),
    ...unreadChildFields('service_area', raw.service_areas, 'service_areas'),
    ...unreadChildFields('language', raw.languages, 'languages'),
    ...unreadChildFields('required_document', raw.required_documents, 'required_documents'),
    ...unreadChildFields('contact', raw.contacts, 'contacts'),
    ...(raw.contacts ?? []).flatMap((c, i) => unreadChildFields('phone', c.phones, `contacts[${i}].phones`)),
    ...unreadChildFields('service_at_location', sals, 'service_at_locations'),
    ...sals.flatMap((sal, i) => [
      ...unreadChildFields('phone', sal.phones, `service_at_locations[${i}].phones`),
      ...unreadChildFields('contact', sal.contacts, `service_at_locations[${i}].contacts`),
      ...unreadChildFields('schedule', sal.schedules, `service_at_locations[${i}].schedules`),
    ]),
  ];
  if (fields.length) ctx.warn(ref, `fields not kept: ${fields.join(', ')}`);
}
