import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import {
  type DirectorySearchParams,
  DirectorySearchParamsSchema,
  queriesOf,
  searchParamsFromUrl,
  toQueryString,
} from './search-params.js';

/**
 * The address of a page of search results: `/<lang>/services/r/<token>`, where the token is the
 * search itself (words, area, place, filters) sealed with AES-256-GCM under a key derived from
 * the server secret, together with the moment it expires. Nothing is stored: only this server can
 * open a token, and only for SEARCH_RESULTS_MINUTES, so the browser's history, a shared phone's
 * address bar and network logs hold an opaque string instead of what someone looked for, and an
 * old history entry leads to "these results are no longer kept" rather than to the words.
 */
export const SEARCH_RESULTS_MINUTES = 30;

/**
 * Hex of iv (12 bytes) + ciphertext + tag (16 bytes): lowercase hex, so a token can never spell a
 * word of any list (about 130 characters for a few words, at most about 1,500 for 200 Thai letters).
 */
export const SEARCH_TOKEN = /^(?:[0-9a-f]{2}){30,1000}$/;

const PURPOSE = 'waypoint:search-results:v1';

function keyFrom(secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).digest();
}

/** Seals a search for SEARCH_RESULTS_MINUTES from nowMs. */
export function sealSearch(params: DirectorySearchParams, secret: string, nowMs: number): string {
  const { page: _page, q, ...criteria } = params;
  // The criteria travel as their query string and are read back through the same schema as any
  // address; the words as they are (shorter than percent-encoded).
  const payload = JSON.stringify({
    e: Math.ceil(nowMs / 1000) + SEARCH_RESULTS_MINUTES * 60,
    ...(q ? { q } : {}),
    c: toQueryString(criteria),
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  cipher.setAAD(Buffer.from(PURPOSE));
  const data = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]).toString('hex');
}

export type OpenedSearch =
  | { ok: true; params: DirectorySearchParams }
  /** Expired, sealed with another secret, tampered with, or not a token at all: all look the same. */
  | { ok: false };

/** Opens a token made by sealSearch with the same secret, before it expires. */
export function openSearch(token: string, secret: string, nowMs: number): OpenedSearch {
  if (!SEARCH_TOKEN.test(token)) return { ok: false };
  const raw = Buffer.from(token, 'hex');
  if (raw.length < 12 + 16 + 2) return { ok: false };
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(PURPOSE));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    const payload = JSON.parse(text.toString('utf8')) as { e?: unknown; q?: unknown; c?: unknown };
    if (typeof payload.e !== 'number' || payload.e * 1000 <= nowMs) return { ok: false };
    if (typeof payload.c !== 'string') return { ok: false };
    const queries = queriesOf(payload.c);
    if (typeof payload.q === 'string') queries.q = [payload.q];
    const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(queries));
    return parsed.success ? { ok: true, params: parsed.data } : { ok: false };
  } catch {
    return { ok: false };
  }
}
