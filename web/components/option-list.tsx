import type { ComponentChildren } from 'preact';

/**
 * A list of radio buttons or checkboxes with 48 px rows, each with its own label (one question's
 * choices), optionally with a pictogram before each label's words (web/components/icon.tsx).
 */
export function OptionList({
  type,
  name,
  options,
  selected,
  label,
  icon,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  options: readonly string[];
  selected: readonly string[];
  label: (option: string) => string;
  icon?: ((option: string) => ComponentChildren) | undefined;
}) {
  return (
    <ul class="checks">
      {options.map((o) => (
        <li key={o}>
          <input type={type} id={`${name}-${o}`} name={name} value={o} checked={selected.includes(o)} />
          <label for={`${name}-${o}`}>
            {icon ? icon(o) : null}
            {label(o)}
          </label>
        </li>
      ))}
    </ul>
  );
}
