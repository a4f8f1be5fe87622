/**
 * The locale check (`npm run check:locales`, docs/translations.md): every table in the code that
 * must grow with a language, checked for every supported locale, and the texts a partial locale
 * still lacks (those fall back along its chain, Shan → Burmese → English). Exits non-zero, naming
 * each missing table, when a locale lacks one; missing texts of a partial locale are listed only.
 *
 *   npm run check:locales              every locale
 *   npm run check:locales -- shn --keys one locale, with every missing key
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXIT_URLS } from '../functions/config.js';
import { REVEALING_WORDS } from '../functions/domain/discretion.js';
import { LocalizedTextSchema } from '../functions/domain/directory/model.js';
import {
  AREA_SYNONYMS,
  GENERIC_WORDS,
  GROUP_SYNONYMS,
  PLACE_TYPE_WORDS,
  STOP_WORDS,
  SUBTYPE_SYNONYMS,
} from '../functions/domain/directory/synonyms.js';
import { LOCALE_INFO, SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import { LOCALES_URL, NAMESPACES } from '../locales/index.js';

const ROOT = new URL('../', import.meta.url);
const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, ROOT), 'utf8'));

type Table = Record<string, unknown>;
const has = (table: Table | undefined, locale: string): boolean =>
  table !== undefined && Object.hasOwn(table, locale) && table[locale] !== undefined;

/** One table that must grow with a locale: its name, its file, and the entries lacking the locale. */
interface LocaleTable {
  name: string;
  file: string;
  /** Missing entries for this locale; [''] when the table has no entry at all. */
  missing: (locale: string) => string[];
}

/** A table keyed by locale: missing when the locale has no entry (or an empty list). */
function keyedBy(name: string, file: string, table: Table, nonEmpty = false): LocaleTable {
  return {
    name,
    file,
    missing: (l) => (has(table, l) && (!nonEmpty || (table[l] as unknown[]).length > 0) ? [] : ['']),
  };
}

/** A table of tables keyed by locale (synonyms per area): the inner tables lacking the locale. */
function nestedBy(name: string, file: string, table: Record<string, Table | undefined>): LocaleTable {
  return { name, file, missing: (l) => Object.keys(table).filter((k) => !has(table[k], l)) };
}

interface NamedText {
  id?: string;
  name?: Table;
  label?: Table;
}

const places = readJson('functions/reference/places.json') as NamedText[];
const emergency = readJson('functions/reference/emergency-numbers.json') as {
  country: string;
  numbers: NamedText[];
}[];
const status = readJson('locales/translation-status.json') as Table;

/** Every table that must have an entry for each locale. */
export const LOCALE_TABLES: readonly LocaleTable[] = [
  keyedBy('LOCALE_INFO', 'functions/domain/locales.ts', LOCALE_INFO),
  {
    name: 'locale files',
    file: 'locales/<lang>/<namespace>.json',
    missing: (l) => NAMESPACES.filter((ns) => !existsSync(new URL(`${l}/${ns}.json`, LOCALES_URL))),
  },
  {
    name: 'translation status',
    file: 'locales/translation-status.json',
    missing: (l) => NAMESPACES.filter((ns) => !has(status, `${l}/${ns}.json`)),
  },
  keyedBy('REVEALING_WORDS', 'functions/domain/discretion.ts', REVEALING_WORDS, true),
  keyedBy('DEFAULT_EXIT_URLS (exit pages)', 'functions/config.ts', DEFAULT_EXIT_URLS),
  nestedBy('AREA_SYNONYMS', 'functions/domain/directory/synonyms.ts', AREA_SYNONYMS),
  nestedBy('SUBTYPE_SYNONYMS', 'functions/domain/directory/synonyms.ts', SUBTYPE_SYNONYMS),
  nestedBy('GROUP_SYNONYMS', 'functions/domain/directory/synonyms.ts', GROUP_SYNONYMS),
  keyedBy('STOP_WORDS', 'functions/domain/directory/synonyms.ts', STOP_WORDS),
  keyedBy('GENERIC_WORDS', 'functions/domain/directory/synonyms.ts', GENERIC_WORDS),
  keyedBy('PLACE_TYPE_WORDS', 'functions/domain/directory/synonyms.ts', PLACE_TYPE_WORDS),
  keyedBy(
    'LocalizedTextSchema (localized listing texts)',
    'functions/domain/directory/model.ts',
    LocalizedTextSchema.shape,
  ),
  {
    name: 'country names (places)',
    file: 'functions/reference/places.json',
    missing: (l) =>
      places.filter((p) => p.id && !p.id.includes('-') && !has(p.name, l)).map((p) => p.id ?? ''),
  },
  {
    name: 'urgent number labels',
    file: 'functions/reference/emergency-numbers.json',
    missing: (l) =>
      emergency.flatMap((c) =>
        c.numbers.filter((n) => !has(n.label, l)).map((n) => `${c.country} ${n.label?.en}`),
      ),
  },
];

/** One line per table a locale lacks, naming the table, its file and the missing entries. */
export function localeTableGaps(locales: readonly string[] = SUPPORTED_LOCALES): string[] {
  const gaps: string[] = [];
  for (const locale of locales) {
    for (const table of LOCALE_TABLES) {
      const missing = table.missing(locale);
      if (missing.length === 0) continue;
      const which = missing.filter(Boolean);
      gaps.push(
        `${locale}: missing in ${table.name} (${table.file})${which.length ? `: ${which.join(', ')}` : ''}`,
      );
    }
  }
  return gaps;
}

function flatKeys(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The keys of English a locale's file lacks (plural forms compared by their base key). */
export function missingTexts(locale: string, namespace: (typeof NAMESPACES)[number]): string[] {
  const read = (l: string) => {
    const file = new URL(`${l}/${namespace}.json`, LOCALES_URL);
    return existsSync(file) ? flatKeys(JSON.parse(readFileSync(file, 'utf8'))) : [];
  };
  const have = new Set(read(locale).map((k) => k.replace(PLURAL, '')));
  return [...new Set(read('en').map((k) => k.replace(PLURAL, '')))].filter((k) => !have.has(k));
}

function main(args: string[]): number {
  const listKeys = args.includes('--keys');
  const asked = args.filter((a) => !a.startsWith('--'));
  const locales = asked.length ? asked : [...SUPPORTED_LOCALES];
  const gaps = localeTableGaps(locales);
  let incomplete = false;
  for (const locale of locales) {
    const info = (LOCALE_INFO as Record<string, (typeof LOCALE_INFO)[keyof typeof LOCALE_INFO] | undefined>)[
      locale
    ];
    for (const ns of NAMESPACES) {
      const missing = missingTexts(locale, ns);
      if (missing.length === 0) continue;
      const partial = info?.partial ?? false;
      if (!partial) incomplete = true;
      const shownIn = info ? info.fallbacks.join(' → ') : 'English';
      console.log(
        `${locale}/${ns}: ${missing.length} text(s) missing${partial ? `, shown in ${shownIn}` : ' (a complete locale must have them all)'}`,
      );
      if (listKeys) for (const key of missing) console.log(`  ${key}`);
    }
  }
  for (const gap of gaps) console.error(gap);
  if (gaps.length || incomplete) {
    console.error(`\nThe locale check failed: see docs/translations.md, "Adding a language".`);
    return 1;
  }
  console.log(`Locale check passed for ${locales.join(', ')}.`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
