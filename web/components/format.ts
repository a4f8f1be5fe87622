import {
  type LocalizedText,
  type Place,
  WEEKDAYS,
  type Weekday,
} from '../../functions/domain/directory/model.js';
import { dateTagFor, inLocale, type Locale } from '../../functions/domain/locales.js';

/**
 * The text in the reader's language, or in the first language of its fallback chain that has it
 * (Shan → Burmese → English), so a partly translated listing never shows English where Burmese exists.
 */
export function localized(text: LocalizedText | undefined, locale: Locale): string {
  return text ? inLocale(text, locale) : '';
}

/** A calendar date (YYYY-MM-DD) written the way the locale writes dates. */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat(dateTagFor(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Days between a YYYY-MM-DD date and now. */
export function daysSince(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - new Date(`${isoDate}T00:00:00Z`).getTime()) / 86_400_000);
}

/** A phone number for a tel:/sms: link: digits and a leading plus only. */
export function dialable(value: string): string {
  return value.replace(/[^\d+]/g, '');
}

/**
 * A place with the regions around it, nearest first ("Mae Rim, Chiang Mai, Thailand"); `depth`
 * stops at the province (2) or the country (1).
 */
export function placeName(places: Map<string, Place>, id: string, locale: Locale, depth = 3): string {
  const parts = id
    .split('-')
    .slice(0, depth)
    .map((_, i, all) => all.slice(0, i + 1).join('-'));
  return parts
    .map((p) => places.get(p))
    .filter((p): p is Place => Boolean(p))
    .reverse()
    .map((p) => localized(p.name, locale))
    .join(', ');
}

/** A weekday's name in a language ("Monday", "Mon"); 2024-01-01 was a Monday. */
export function weekdayName(day: Weekday, intlTag: string, width: 'long' | 'short' = 'long'): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day), 12));
  return new Intl.DateTimeFormat(intlTag, { weekday: width, timeZone: 'UTC' }).format(date);
}

/** A language (BCP 47 code) by name in the reader's language, the code itself when unknown. */
export function languageName(code: string, intlTag: string): string {
  try {
    return new Intl.DisplayNames([intlTag], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
