import { type Location, LocationSchema, PlaceIdSchema } from '../model.js';
import { readAttributes } from './attributes.js';
import type { ImportContext } from './import-context.js';
import type { LocationInT } from './import-schema.js';
import { asHsdsValue, keptExtras, unreadChildFields, unreadFields } from './kept-fields.js';
import { clean, formatIssues, Rejected, withoutUndefined } from './util.js';

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
      // Physical is the default; only a postal address says so.
      ...(address.address_type === 'postal' ? { type: 'postal' as const } : {}),
      ...(address.id && address.id.length <= 100 ? { hsdsId: address.id } : {}),
    };
    const unread = unreadFields('address', address).map((k) => `addresses.${k}`);
    if (clean(address.state_province) && clean(address.region)) unread.push('addresses.region');
    for (const other of addresses.filter((a) => a !== address))
      unread.push(
        `addresses (the ${other.address_type ?? 'other'} address ${other.id ?? ''})`.replace(' )', ')'),
      );
    if (unread.length) ctx.warn(ref, `${label}: fields not kept: ${unread.join(', ')}`);
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
    ...withoutUndefined({
      hsds: keptExtras(
        'location',
        raw,
        attributes.foreign.length ? { attributes: asHsdsValue('attributes', attributes.foreign) } : {},
      ),
    }),
  };
  const accessibilityUnread = unreadChildFields('accessibility', raw.accessibility, 'accessibility');
  if (accessibilityUnread.length)
    ctx.warn(ref, `${label}: fields not kept: ${accessibilityUnread.join(', ')}`);
  const parsed = LocationSchema.safeParse(candidate);
  if (!parsed.success) throw new Rejected(`${label}: ${formatIssues(parsed.error, true)}`);
  return parsed.data;
}

/**
 * The organization a location belongs to: always the one it is imported with (a location naming
 * an organization that is not in the record would point at nothing).
 */
function ownerId(_given: string | undefined, contextId: string): string {
  return contextId;
}
