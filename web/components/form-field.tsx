import type { ComponentChildren } from 'preact';

/** What a control inside a Field carries so its label, hint and error reach screen readers. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

/**
 * One form field: its label, an optional hint, the error next to it (already translated) and the
 * control. The control gets the id, `aria-describedby` (hint and error) and `aria-invalid`.
 * Used by every field of the directory editors' forms.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ComponentChildren;
  hint?: string;
  error?: string;
  children: (control: FieldControl) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children({
        id,
        ...(described.length ? { 'aria-describedby': described.join(' ') } : {}),
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/** A group of checkboxes or radios with one legend and its error. */
export function FieldSet({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: ComponentChildren;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return (
    <fieldset
      id={id}
      class={error ? 'has-error' : undefined}
      {...(described.length ? { 'aria-describedby': described.join(' ') } : {})}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}
