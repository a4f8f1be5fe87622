/**
 * What "save for offline on this phone" may keep: general pages and directory pages only, never
 * anything personal. Shared by the offline-save island and the service worker, and unit-tested.
 *
 * Kept: /{lang}/, /{lang}/services, /{lang}/services/{opaque id} (12 hex digits, see
 * domain/directory/public-ids.ts), /{lang}/urgent, /{lang}/safety,
 * /{lang}/families, /{lang}/rights (the last two and urgent also with ?country=XX), and the
 * site's own scripts under /assets/.
 * Never kept: /help/* (requests, codes, PINs), the discreet card (which services someone chose),
 * problem reports, searches (what someone typed or where they are, and every sealed results
 * address /{lang}/services/r/…), old service addresses with words, the APIs, anything that is
 * not a plain GET on this origin, and any response marked no-store.
 */
export const OFFLINE_CACHE_PREFIX = 'waypoint-offline-';
export const OFFLINE_CACHE = `${OFFLINE_CACHE_PREFIX}v1`;

const LOCALE = '(?:en|th|my|km|lo|vi|zh-Hans|id)';
const GENERAL_PAGE = new RegExp(
  `^/${LOCALE}/(?:|services|services/[0-9a-f]{12}|urgent|safety|families|rights)$`,
);
const COUNTRY_PAGE = new RegExp(`^/${LOCALE}/(?:urgent|rights)$`);

/** True when a request for this URL may be answered from, and stored in, the offline cache. */
export function isSaveable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  if (url.pathname.startsWith('/assets/'))
    return url.search === '' && /^\/assets\/[\w.-]+\.js$/.test(url.pathname);
  if (!GENERAL_PAGE.test(url.pathname)) return false;
  if (url.search === '') return true;
  const keys: string[] = [];
  url.searchParams.forEach((_, key) => {
    keys.push(key);
  });
  return (
    COUNTRY_PAGE.test(url.pathname) &&
    keys.length === 1 &&
    keys[0] === 'country' &&
    /^[A-Z]{2}$/.test(url.searchParams.get('country') ?? '')
  );
}

/** A response may be stored: complete, from this origin, and not marked no-store by the server. */
export function isStorableResponse(response: Response): boolean {
  return (
    response.status === 200 &&
    response.type === 'basic' &&
    !response.redirected &&
    !/no-store/i.test(response.headers.get('Cache-Control') ?? '')
  );
}

/** The general pages saved at once when the person turns saving on, in their language. */
export function pagesToSave(locale: string): string[] {
  return ['/', '/services', '/urgent', '/safety', '/families', '/rights'].map((p) => `/${locale}${p}`);
}
