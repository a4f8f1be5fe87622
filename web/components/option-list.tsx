/** A list of radio buttons or checkboxes with 48 px rows, each with its own label (one question's choices). */
export function OptionList({
  type,
  name,
  options,
  selected,
  label,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  options: readonly string[];
  selected: readonly string[];
  label: (option: string) => string;
}) {
  return (
    <ul class="checks">
      {options.map((o) => (
        <li key={o}>
          <input type={type} id={`${name}-${o}`} name={name} value={o} checked={selected.includes(o)} />
          <label for={`${name}-${o}`}>{label(o)}</label>
        </li>
      ))}
    </ul>
  );
}
