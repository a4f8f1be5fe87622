import { z } from 'zod';
import { type Location, PlaceIdSchema, type Service, ServiceSchema } from '../model.js';
import type { AreaId } from '../taxonomy.js';
import { normalize } from '../text.js';
import { readAttributes, translationStatusFrom } from './attributes.js';
import { SERVICE_ID_PATTERN } from './ids.js';
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
        ctx.warn(ref, `location ${sal.location_id} is not in this import and was left out`);
      continue;
    }
    const mapped = mapLocation(ctx, rawLocation, organizationId, ref, name);
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
    throw new Rejected(
      'no place served: give a service_area with a place id (e.g. "TH-50"), a location with an address country, or a default place',
    );

  const schedule = mapSchedules(ctx, raw, sals, attributes, ref);
  const contacts = mapContacts(raw, sals, virtualUrls, attributes);

  const languages = [
    ...new Set(
      (raw.languages ?? []).map((l) => clean(l.code)?.toLowerCase()).filter((c): c is string => Boolean(c)),
    ),
  ];
  for (const l of raw.languages ?? [])
    if (!clean(l.code) && clean(l.name)) ctx.warn(ref, `language "${l.name}" has no code and was left out`);

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
