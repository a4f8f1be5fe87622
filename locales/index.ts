/**
 * All translation resources. The texts stay out of the JavaScript: each language's JSON files are
 * read from disk, synchronously, the first time that language is used (a Lambda bundle would
 * otherwise parse and build all eight languages at every cold start; JSON.parse of the one needed
 * is far cheaper). From source (local server, tests) they are read from this folder; in a Lambda
 * bundle from `locales/` beside `index.mjs`, where the CDK bundling copies them (`LOCALES_BUNDLE_DIR`
 * in cdk/constructs/waypoint-function.ts). English is the source; add a namespace here for every locale.
 */
import { readFileSync } from 'node:fs';
import { type Locale, SUPPORTED_LOCALES } from '../functions/domain/locales.js';

export const NAMESPACES = ['common', 'directory', 'request', 'console', 'info', 'followup'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type LocaleResources = Record<Namespace, Record<string, unknown>>;
type Resources = Record<Locale, LocaleResources>;

/**
 * Set by the bundler only (esbuild `define`, cdk/constructs/waypoint-function.ts): the folder of
 * the texts relative to the bundle's `index.mjs`. Absent when running from source.
 */
declare const WAYPOINT_LOCALES_DIR: string | undefined;

/** The folder holding `<lang>/<namespace>.json`. */
export const LOCALES_URL: URL =
  typeof WAYPOINT_LOCALES_DIR === 'string'
    ? new URL(WAYPOINT_LOCALES_DIR, import.meta.url)
    : new URL('./', import.meta.url);

const loaded = new Map<Locale, LocaleResources>();

/** One language's texts, every namespace, read and parsed on first use and kept for the process. */
export function localeResources(locale: Locale): LocaleResources {
  let resources = loaded.get(locale);
  if (!resources) {
    resources = Object.fromEntries(
      NAMESPACES.map((ns) => [
        ns,
        JSON.parse(readFileSync(new URL(`${locale}/${ns}.json`, LOCALES_URL), 'utf8')) as Record<
          string,
          unknown
        >,
      ]),
    ) as LocaleResources;
    loaded.set(locale, resources);
  }
  return resources;
}

/**
 * Every language's texts, by locale. Each language is read only when its property is first
 * touched (`RESOURCES.th.request`), so callers keep the shape of a plain object.
 */
export const RESOURCES: Resources = Object.defineProperties(
  {} as Resources,
  Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => [
      locale,
      { enumerable: true, get: () => localeResources(locale) } satisfies PropertyDescriptor,
    ]),
  ),
);
