import type * as z from 'zod';
import { ADDRESS_WORDS, findRevealingWords } from '../discretion.js';
import { type Locale, SUPPORTED_LOCALES } from '../locales.js';
import { activeServiceGaps, type Service, ServiceSchema, type TRANSLATION_STATUSES } from './model.js';

/**
 * Editing a listing in the console: pure rules, validated with the same schema as an import.
 * Every change returns a new Service; the caller saves it with the revision it read.
 */

/** Texts an editor works on per language, side by side. */
export const EDITABLE_TEXTS = ['name', 'description', 'accessibility', 'discreetLabel'] as const;
/** Texts that may be left out altogether (an empty English text removes them). */
const OPTIONAL_TEXTS: readonly EditableText[] = ['accessibility', 'discreetLabel'];
export type EditableText = (typeof EDITABLE_TEXTS)[number];
export type TranslationState = (typeof TRANSLATION_STATUSES)[number] | 'missing';

export interface TextEdit {
  field: EditableText;
  locale: Locale;
  /** Empty removes the translation (never the English source). */
  text: string;
  status?: (typeof TRANSLATION_STATUSES)[number];
}

export interface Editor {
  sub: string;
  name: string;
}

/**
 * Why a value was refused, as a code the console translates (console:directory.errors.<code>),
 * keyed by the path of the field ("contacts.0.value", "name.en"); "form" for the whole form.
 */
export const EDIT_ERROR_CODES = [
  'required',
  'requiredActive',
  'tooLong',
  'tooSmall',
  'tooBig',
  'number',
  'email',
  'url',
  'time',
  'timeZone',
  'place',
  'country',
  'language',
  'ageOrder',
  'unknown',
  'invalid',
  'revealing',
] as const;
export type EditErrorCode = (typeof EDIT_ERROR_CODES)[number];
export type EditErrors = Record<string, EditErrorCode>;

export type EditResult<T = Service> = { ok: true; service: T } | { ok: false; errors: EditErrors };

/** The code of one zod issue (the schemas are the import's, so their messages are English). */
export function issueCode(issue: z.core.$ZodIssue): EditErrorCode {
  const origin = 'origin' in issue ? String(issue.origin) : '';
  switch (issue.code) {
    case 'too_small':
      return origin === 'number' ? 'tooSmall' : 'required';
    case 'too_big':
      return origin === 'number' ? 'tooBig' : 'tooLong';
    case 'invalid_type':
      return issue.expected === 'number' ? 'number' : 'required';
    case 'invalid_format': {
      const format = 'format' in issue ? String(issue.format) : '';
      if (format === 'email') return 'email';
      if (format === 'url') return 'url';
      if (issue.message === 'HH:MM') return 'time';
      if (issue.message === 'ISO 3166-1 alpha-2') return 'country';
      if (issue.path.some((p) => p === 'servesPlaces' || p === 'placeId')) return 'place';
      return 'invalid';
    }
    case 'invalid_value':
      return 'unknown';
    case 'custom':
      if (issue.message === 'required for an active service') return 'requiredActive';
      if (issue.message === 'unknown IANA time zone') return 'timeZone';
      if (issue.message === 'unknown sub-type') return 'unknown';
      return 'invalid';
    default:
      return 'invalid';
  }
}

/** Validates a candidate with a model schema (the import's), errors as codes per field path. */
export function validatedWith<S extends z.ZodType>(schema: S, candidate: unknown): EditResult<z.output<S>> {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { ok: true, service: parsed.data };
  const errors: EditErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'form'] ??= issueCode(issue);
  return { ok: false, errors };
}

function validated(candidate: unknown): EditResult {
  return validatedWith(ServiceSchema, candidate);
}

/** The state of one text in one language. */
export function translationState(service: Service, field: EditableText, locale: Locale): TranslationState {
  const text = service[field]?.[locale];
  if (!text) return 'missing';
  return service.translationStatus?.[field]?.[locale] ?? (locale === 'en' ? 'source' : 'draft');
}

/**
 * Applies text edits. Changing the English source marks every other language that has a text
 * "needs-review"; a status given with an edit is recorded with who set it and when.
 */
export function editTexts(service: Service, edits: TextEdit[], by: Editor, now: Date): EditResult {
  const next = structuredClone(service);
  const status = structuredClone(next.translationStatus ?? {});
  const reviews = structuredClone(next.translationReviews ?? {});
  const at = now.toISOString();
  for (const edit of edits) {
    const text = edit.text.trim();
    const current = next[edit.field] ? { ...next[edit.field] } : undefined;
    const before = current?.[edit.locale];
    if (edit.locale === 'en') {
      if (!text && OPTIONAL_TEXTS.includes(edit.field)) {
        delete next[edit.field];
        continue;
      }
      const updated = { ...(current ?? {}), en: text } as NonNullable<Service[EditableText]>;
      next[edit.field] = updated;
      if (before !== undefined && before !== text) {
        status[edit.field] ??= {};
        for (const l of SUPPORTED_LOCALES)
          if (l !== 'en' && updated[l]) (status[edit.field] as Record<string, string>)[l] = 'needs-review';
      }
    } else if (current) {
      if (text) current[edit.locale] = text;
      else delete current[edit.locale];
      next[edit.field] = current as NonNullable<Service[EditableText]>;
    } else if (text) {
      continue; // no English source: nothing to translate
    }
    if (
      edit.status &&
      (edit.status !== translationState(service, edit.field, edit.locale) || before !== text)
    ) {
      status[edit.field] ??= {};
      (status[edit.field] as Record<string, string>)[edit.locale] = edit.status;
      reviews[edit.field] ??= {};
      (reviews[edit.field] as Record<string, { by: string; at: string }>)[edit.locale] = { by: by.name, at };
    }
  }
  const result = validated({ ...next, translationStatus: status, translationReviews: reviews });
  // The discreet label is what the card shows instead of the name: it must not say what it is for.
  const revealing: EditErrors = {};
  for (const [locale, label] of Object.entries(next.discreetLabel ?? {}))
    if (label && findRevealingWords(label, ADDRESS_WORDS).length > 0)
      revealing[`discreetLabel.${locale}`] = 'revealing';
  if (Object.keys(revealing).length === 0) return result;
  return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...revealing } };
}

/** "Verified today": the listing was checked on this date by this person. */
export function verify(service: Service, by: Editor, today: string): Service {
  return { ...service, lastVerified: { on: today, by: by.name } };
}

/** Deactivate or reactivate (no deletion); an incomplete listing cannot be made active. */
export function setActive(service: Service, active: boolean): EditResult {
  if (active) {
    const gaps = activeServiceGaps(service);
    if (gaps.length)
      return { ok: false, errors: Object.fromEntries(gaps.map((g) => [g, 'requiredActive' as const])) };
  }
  return validated({ ...service, status: active ? 'active' : 'inactive' });
}

/**
 * The top-level fields that differ, for the audit event and the conflict page. Compared without
 * regard to the order of object keys (DynamoDB does not keep the order of a map's keys).
 */
export function changedFields<T extends object>(before: T, after: T): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => k !== 'updatedAt')
    .filter(
      (k) =>
        canonical((before as Record<string, unknown>)[k]) !==
        canonical((after as Record<string, unknown>)[k]),
    )
    .sort();
}

/** JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * Stale: never verified, or verified more than `staleAfterDays` days ago. One rule for the
 * console's stale queue, the listing filter and the stale-listings job.
 */
export function isStale(service: Service, now: Date, staleAfterDays: number): boolean {
  const age = daysSinceVerified(service, now);
  return age === undefined || age > staleAfterDays;
}

/** Days since the listing was last verified; undefined when never. */
export function daysSinceVerified(service: Service, now: Date): number | undefined {
  if (!service.lastVerified) return undefined;
  return Math.floor((now.getTime() - Date.parse(`${service.lastVerified.on}T00:00:00Z`)) / 86_400_000);
}
