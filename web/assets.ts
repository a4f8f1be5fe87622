import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * What the server needs to put styles and scripts into pages: the critical CSS (inlined, so the
 * first view arrives in one round trip) with its CSP hash, and the client islands as small,
 * content-hashed, immutable files.
 */
export interface WebAssets {
  css: string;
  /** CSP source for the inline stylesheet, e.g. 'sha256-…'. */
  cssHash: string;
  /** The staff console's additional stylesheet and its CSP hash. */
  consoleCss?: string;
  consoleCssHash?: string;
  /** Island name → file served under /assets/. */
  scripts: Record<string, AssetFile>;
  /**
   * The service worker for "save for offline on this phone", served at /sw.js. It is registered
   * only when the person opts in (web/islands/offline-save.ts).
   */
  serviceWorker?: AssetFile;
}

export interface AssetFile {
  /** Public URL path, e.g. /assets/quick-exit-3f9a1c2b.js */
  path: string;
  content: string;
  contentType: string;
}

export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** Reads the assets that `npm run build` wrote (used by the Lambda handlers). */
export function readWebAssetsFile(path: string): WebAssets {
  return JSON.parse(readFileSync(path, 'utf8')) as WebAssets;
}
