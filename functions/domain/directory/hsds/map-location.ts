import { type Location, LocationSchema, PlaceIdSchema } from '../model.js';
import { readAttributes } from './attributes.js';
import type { ImportContext } from './import-context.js';
import type { LocationInT } from './import-schema.js';
import { hsdsId } from './ids.js';
import { clean, formatIssues, Rejected } from './util.js';

/** A location, or for a virtual location the URL to reach the service at. */
export function mapLocation(
  ctx: ImportContext,
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
  const placeId = attributes.first('place-id') ?? subdivision ?? country ?? ctx.options.defaultPlace;
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
      ctx.warn(
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

/**
 * The organization a location belongs to: the one it is imported with when its organization_id
 * names that organization (by our id or HSDS UUID) or is missing, else the id it gives.
 */
function ownerId(given: string | undefined, contextId: string): string {
  const id = given?.trim().toLowerCase();
  if (!id || id === contextId.toLowerCase() || id === hsdsId('organization', contextId)) return contextId;
  return id;
}
