import type * as z from 'zod';
import { inLocale, type Locale } from '../../locales.js';
import type { LocalizedText } from '../model.js';

/** Small helpers shared by the HSDS export and import. */

/** A problem that makes a record unusable; carries the reason shown to the person importing. */
export class Rejected extends Error {}

/** The text in a locale, else along its fallback chain (Shan → Burmese → English). */
export function text(value: LocalizedText | undefined, locale: Locale): string | undefined {
  if (!value) return undefined;
  return inLocale(value, locale);
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Map key of an HSDS id (ids compare case-insensitively); objects without id stay apart. */
export function idKey(id: unknown, path: string): string {
  if (typeof id === 'number') return String(id);
  return typeof id === 'string' && id.trim() ? id.trim().toLowerCase() : `(no id) ${path}`;
}

export function keyCount(value: Record<string, unknown> | undefined): number {
  return value ? Object.values(value).filter((v) => v !== undefined && v !== null && v !== '').length : 0;
}

export function reasonOf(error: unknown): string {
  if (error instanceof Rejected) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** HSDS field a field of ours comes from, so a reason names what to fix in the source data. */
const HSDS_FIELD: Record<string, string> = {
  name: 'name',
  description: 'description',
  minimumAge: 'minimum_age',
  maximumAge: 'maximum_age',
  languages: 'languages[].code',
  contacts: 'phones / email / url / contacts',
  documentsRequired: 'required_documents',
  cost: 'fees_description / cost_options',
  schedule: 'schedules',
  website: 'website',
  email: 'email',
  address: 'addresses',
  accessibility: 'accessibility',
};

/** Zod issues as "path: message", naming the HSDS field where ours differs. */
export function formatIssues(error: z.ZodError, mapFields = false): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.join('.');
      const top = String(i.path[0] ?? '');
      const hsds = mapFields ? HSDS_FIELD[top] : undefined;
      const where = path ? `${path}${hsds && hsds !== path ? ` (HSDS ${hsds})` : ''}: ` : '';
      return `${where}${i.message}`;
    })
    .join('; ');
}

/** Trimmed text, or undefined when empty. */
export function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export function localized(value: string | undefined): LocalizedText | undefined {
  const v = clean(value);
  return v ? { en: v } : undefined;
}

export function truncate(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
