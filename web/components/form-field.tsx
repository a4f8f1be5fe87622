import type { ComponentChildren } from 'preact';
import { describedByIds, FieldError, type Translating } from './form-errors.js';

/** What a control inside a Field carries so its label, hint and error reach screen readers. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

/** aria-describedby (hint and error) and aria-invalid for the control of a field. */
function controlAria(id: string, hint: string | undefined, error: string | undefined) {
  const described = describedByIds(hint ? `${id}-hint` : undefined, error ? id : undefined);
  return {
    ...(described ? { 'aria-describedby': described } : {}),
    ...(error ? { 'aria-invalid': 'true' as const } : {}),
  };
}

/**
 * One form field: its label, an optional hint, the error next to it (already translated, shown
 * with FieldError like every form's errors) and the control. The control gets the id,
 * `aria-describedby` (hint and error) and `aria-invalid`. Used by the console's forms (the
 * directory editors', the staff area's, a request's).
 */
export function Field({
  ctx,
  id,
  label,
  hint,
  error,
  children,
}: {
  ctx: Translating;
  id: string;
  label: ComponentChildren;
  hint?: string | undefined;
  error?: string | undefined;
  children: (control: FieldControl) => ComponentChildren;
}) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError ctx={ctx} id={id} error={error} />
      {children({ id, ...controlAria(id, hint, error) })}
    </div>
  );
}

/** A group of checkboxes or radios with one legend and its error. */
export function FieldSet({
  ctx,
  id,
  legend,
  hint,
  error,
  children,
}: {
  ctx: Translating;
  id: string;
  legend: ComponentChildren;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  const described = describedByIds(hint ? `${id}-hint` : undefined, error ? id : undefined);
  return (
    <fieldset id={id} class={error ? 'has-error' : undefined} aria-describedby={described}>
      <legend>{legend}</legend>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError ctx={ctx} id={id} error={error} />
      {children}
    </fieldset>
  );
}
