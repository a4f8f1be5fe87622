import { AREA_ICONS, type AreaId } from '../../functions/domain/directory/taxonomy.js';
import { LineIcon } from './icon.js';

/** A small line icon for a service area, always shown next to its words (never alone). */
export function AreaIcon({ area }: { area: AreaId }) {
  return <LineIcon d={AREA_ICONS[area]} size={28} />;
}
