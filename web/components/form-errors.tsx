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

/** The error next to its field (id `<field>-error`, for aria-describedby). */
export function FieldError({
  ctx,
  errors,
  field,
}: {
  ctx: PageContext;
  errors: FieldErrorKeys;
  field: string;
}) {
  const key = errors[field];
  if (!key) return null;
  return (
    <p class="error" id={`${field}-error`}>
      <span class="visually-hidden">{ctx.t('errors.prefix')} </span>
      {ctx.t(key)}
    </p>
  );
}

/** aria-describedby for a field: its hint and, when there is one, its error. */
export function describedBy(errors: FieldErrorKeys, field: string, hint?: string): string | undefined {
  const ids = [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** Error codes of one namespace (e.g. the callback form's `handle`) as full translation keys. */
export function withNamespace(errors: Record<string, string>, prefix: string): FieldErrorKeys {
  return Object.fromEntries(Object.entries(errors).map(([f, k]) => [f, `${prefix}${k}`]));
}
