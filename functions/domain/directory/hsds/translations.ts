import { inLocale, type Locale, SUPPORTED_LOCALES } from '../../locales.js';
import type { LocalizedText } from '../model.js';

/**
 * Translations travel: HSDS carries one text per field, so a directory in eight languages goes out
 * as eight files (one per locale) and comes back the same way. An import in English replaces the
 * English texts and keeps every other language; an import in another locale changes only that
 * language's texts of records that already exist, and leaves everything else alone.
 */

function isLocalizedText(value: unknown): value is LocalizedText {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>).en === 'string' &&
    Object.keys(value).every((k) => (SUPPORTED_LOCALES as readonly string[]).includes(k))
  );
}

type Json = Record<string, unknown>;

/** Pairs of array items that are the same thing: contacts by kind and value, others by position. */
function pairs(key: string, a: unknown[], b: unknown[]): [unknown, unknown][] {
  if (key === 'contacts') {
    return a.flatMap((x) => {
      const xc = x as Json;
      const match = b.find((y) => (y as Json).kind === xc.kind && (y as Json).value === xc.value);
      return match ? [[x, match] as [unknown, unknown]] : [];
    });
  }
  return a.slice(0, b.length).map((x, i) => [x, b[i]] as [unknown, unknown]);
}

/** Walks `target` and `other` side by side and calls `visit` for each text both have. */
function eachText(
  target: unknown,
  other: unknown,
  visit: (mine: LocalizedText, theirs: LocalizedText, field: string) => void,
  field = '',
): void {
  if (isLocalizedText(target) && isLocalizedText(other)) {
    visit(target, other, field);
    return;
  }
  if (Array.isArray(target) && Array.isArray(other)) {
    for (const [a, b] of pairs(field.split('.').pop() ?? '', target, other)) eachText(a, b, visit, field);
    return;
  }
  if (typeof target === 'object' && target !== null && typeof other === 'object' && other !== null) {
    for (const [k, v] of Object.entries(target as Json)) {
      if (k === 'translationStatus' || k === 'hsds') continue;
      eachText(v, (other as Json)[k], visit, field ? `${field}.${k}` : k);
    }
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The record after an import in `locale`. `incoming` is what the importer read (its texts are in
 * `en`, as HSDS carries one text per field); `existing` is the stored record, if any.
 * - English: the incoming record, with the other languages' texts of the stored one kept; where
 *   the English text changed, their status becomes "needs-review".
 * - Another locale: the stored record with only that language's texts taken from the file. A text
 *   equal to the one its fallback chain gives where the stored record has no translation (English;
 *   Burmese for Shan and Karen) is the export's fallback, not a translation, and is not stored.
 * Returns undefined when a non-English import names a record that does not exist.
 */
export function mergeLocale<T extends object>(
  existing: T | undefined,
  incoming: T,
  locale: Locale,
): T | undefined {
  if (locale === 'en') {
    if (!existing) return incoming;
    const result = clone(incoming);
    const changed = new Map<string, Locale[]>();
    eachText(result, existing, (mine, theirs, field) => {
      for (const l of SUPPORTED_LOCALES) {
        if (l === 'en' || theirs[l] === undefined || mine[l] !== undefined) continue;
        mine[l] = theirs[l];
        if (mine.en !== theirs.en) changed.set(field, [...(changed.get(field) ?? []), l]);
      }
    });
    if (changed.size) {
      type WithStatus = { translationStatus?: Record<string, Record<string, string>> };
      const target = result as WithStatus;
      const status = clone(target.translationStatus ?? (existing as WithStatus).translationStatus ?? {});
      for (const [field, locales] of changed) {
        status[field] ??= {};
        for (const l of locales) (status[field] as Record<string, string>)[l] = 'needs-review';
      }
      target.translationStatus = status;
    }
    return result;
  }
  if (!existing) return undefined;
  const result = clone(existing);
  eachText(result, incoming, (mine, theirs) => {
    const text = theirs.en;
    if (mine[locale] === undefined && text === inLocale(mine, locale)) return;
    mine[locale] = text;
  });
  return result;
}
