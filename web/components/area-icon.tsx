import { AREA_ICONS, type AreaId } from '../../functions/domain/directory/taxonomy.js';

/** A small line icon for a service area, always shown next to its words (never alone). */
export function AreaIcon({ area }: { area: AreaId }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        d={AREA_ICONS[area]}
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
