import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n.js';
import type { PageContext } from './layout.js';

/** Form field → translation key of its error (e.g. `request:errors.handle`). */
export type FieldErrorKeys = Record<string, string>;

/**
 * The one way public forms show errors (GOV.UK pattern): an error summary at the top that lists
 * every error at once, each linking to its field (`#field-id`), and the same message next to the
 * field, tied to it with aria-describedby (`describedBy`). Pages with errors also say "Error:" in
 * their title (Layout's `error` flag).
 *
 * `anchors` names the element to jump to when it is not the field's own id (the first radio button
 * of a group, the first day of a window).
 */
export function ErrorSummary({
  ctx,
  errors,
  anchors = {},
}: {
  ctx: PageContext;
  errors: FieldErrorKeys;
  anchors?: Record<string, string>;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{ctx.t('errors.summaryTitle')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#${anchors[field] ?? field}`}>{ctx.t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What FieldError needs from a page: its translator (the public PageContext or the ConsoleContext). */
export interface Translating {
  t: Translate;
}

/** The id of a field's error: what the field's aria-describedby points to. */
export const errorId = (id: string): string => `${id}-error`;

/**
 * The error next to a field: the one way every form (public and console) shows it. A paragraph
 * with the id `<id>-error` (for the field's aria-describedby) that starts with a visually hidden
 * "Error:" (`common:errors.prefix`, in every locale), so screen readers announce it alike
 * everywhere. `error` is the already translated message; nothing is rendered without one.
 * `Field`/`FieldSet` (form-field.tsx) use it and wire aria-describedby/aria-invalid themselves;
 * hand-built public fields wire it with `describedBy`.
 */
export function FieldError({ ctx, id, error }: { ctx: Translating; id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p class="error" id={errorId(id)}>
      <span class="visually-hidden">{ctx.t('common:errors.prefix')} </span>
      {error}
    </p>
  );
}

/**
 * A message about a whole form rather than one field ("nothing was saved, please correct the
 * fields marked below", a conflict, a refusal), announced as soon as the page shows (role="alert").
 * The fields' own errors are FieldErrors.
 */
export function FormAlert({
  id,
  children,
  ...data
}: {
  id?: string;
  'data-form-error'?: string;
  children: ComponentChildren;
}) {
  return (
    <p class="error" role="alert" id={id} {...data}>
      {children}
    </p>
  );
}

/** aria-describedby of a control: the ids of its hint and its error, when it has them. */
export function describedByIds(hintId: string | undefined, errorOf: string | undefined): string | undefined {
  const ids = [hintId, errorOf ? errorId(errorOf) : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The translated error of one field of a public form (its translation key in `errors`), if any. */
export function errorText(ctx: Translating, errors: FieldErrorKeys, field: string): string | undefined {
  const key = errors[field];
  return key ? ctx.t(key) : undefined;
}

/** aria-describedby for a public form's field: its hint and, when there is one, its error. */
export function describedBy(errors: FieldErrorKeys, field: string, hint?: string): string | undefined {
  return describedByIds(hint, errors[field] ? field : undefined);
}

/** Error codes of one namespace (e.g. the callback form's `handle`) as full translation keys. */
export function withNamespace(errors: Record<string, string>, prefix: string): FieldErrorKeys {
  return Object.fromEntries(Object.entries(errors).map(([f, k]) => [f, `${prefix}${k}`]));
}
