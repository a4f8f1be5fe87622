import { createHash } from 'node:crypto';

/**
 * Identifiers. HSDS wants UUIDs. Ids of ours that are UUIDs are used as they are; others are
 * turned into a name-based UUID (v5, stable) and the original id travels as a "waypoint-id"
 * attribute so a re-import restores it. HSDS UUIDs become our ids in lower case.
 */

export const HSDS_VERSION = '3.0';
export const HSDS_OPENAPI_URL =
  'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';
/** The HSDS profile Waypoint follows: the base 3.0 specification (no regional profile). */
export const HSDS_PROFILE_URL = 'https://github.com/openreferral/specification/tree/3.0';

// ---------------------------------------------------------------------------------------------

/** Namespace of Waypoint's name-based UUIDs (fixed: changing it would change every exported id). */
const WAYPOINT_UUID_NAMESPACE = '5b0f7c52-3f8e-4f4b-9f57-0c6e2b8d1a94';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SERVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

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
