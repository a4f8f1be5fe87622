import { createHash } from 'node:crypto';
import { AREAS, type AreaId } from './taxonomy.js';

/**
 * What the public pages put in their addresses instead of words (product principle P2): a page
 * address stays in the browser's history, in a shared phone's address bar and in a network log,
 * so it must not say what a service is, what it is called or what someone looked for.
 *
 * - A service is addressed by an opaque id derived from its listing id: the first 12 hex digits
 *   of SHA-256("service:" + id). Stable (links and saved pages keep working), not guessable from
 *   words, and it tells nothing about the service. Listing ids (slugs such as
 *   "th-bangkok-…-emergency-shelter") stay the editors' and the HSDS API's ids; the public pages
 *   answer an old slug address with a permanent redirect to the opaque one.
 * - A service area is addressed by a neutral code ("a1" … "a10"), fixed per area below (never
 *   reuse or renumber a code); an old address with the area's id redirects to its code.
 */
export const PUBLIC_SERVICE_ID = /^[0-9a-f]{12}$/;

export function publicServiceId(listingId: string): string {
  return createHash('sha256').update(`service:${listingId}`).digest('hex').slice(0, 12);
}

export const AREA_CODES: Record<AreaId, string> = {
  housing: 'a1',
  health: 'a2',
  counselling: 'a3',
  education: 'a4',
  work: 'a5',
  documents: 'a6',
  legal: 'a7',
  safety: 'a8',
  family: 'a9',
  'case-management': 'a10',
};

const AREA_BY_CODE = new Map<string, AreaId>(AREAS.map((area) => [AREA_CODES[area], area]));

/** The area a neutral code stands for, or undefined. */
export function areaFromCode(code: string): AreaId | undefined {
  return AREA_BY_CODE.get(code);
}

/** The neutral code of an area, as it appears in public addresses. */
export function areaCode(area: AreaId): string {
  return AREA_CODES[area];
}
