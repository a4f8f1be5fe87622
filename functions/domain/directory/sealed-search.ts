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

/** base64url of iv (12 bytes) + ciphertext + tag (16 bytes); at most about 1,200 characters. */
export const SEARCH_TOKEN = /^[A-Za-z0-9_-]{40,1600}$/;

const PURPOSE = 'waypoint:search-results:v1';

function keyFrom(secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).digest();
}

/** Seals a search for SEARCH_RESULTS_MINUTES from nowMs. */
export function sealSearch(params: DirectorySearchParams, secret: string, nowMs: number): string {
  const { page: _page, ...search } = params;
  // The search travels as its query string, read back through the same schema as any address.
  const payload = JSON.stringify({
    e: Math.ceil(nowMs / 1000) + SEARCH_RESULTS_MINUTES * 60,
    p: toQueryString(search),
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  cipher.setAAD(Buffer.from(PURPOSE));
  const data = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64url');
}

export type OpenedSearch =
  | { ok: true; params: DirectorySearchParams }
  /** Expired, sealed with another secret, tampered with, or not a token at all: all look the same. */
  | { ok: false };

/** Opens a token made by sealSearch with the same secret, before it expires. */
export function openSearch(token: string, secret: string, nowMs: number): OpenedSearch {
  if (!SEARCH_TOKEN.test(token)) return { ok: false };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < 12 + 16 + 2) return { ok: false };
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(PURPOSE));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    const payload = JSON.parse(text.toString('utf8')) as { e?: unknown; p?: unknown };
    if (typeof payload.e !== 'number' || payload.e * 1000 <= nowMs) return { ok: false };
    if (typeof payload.p !== 'string') return { ok: false };
    const parsed = DirectorySearchParamsSchema.safeParse(searchParamsFromUrl(queriesOf(payload.p)));
    return parsed.success ? { ok: true, params: parsed.data } : { ok: false };
  } catch {
    return { ok: false };
  }
}
