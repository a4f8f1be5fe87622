import type { PageContext } from './layout.js';

/** Time zones offered: those of the region first; the person's country preselects one. */
export const TIME_ZONES = [
  'Asia/Bangkok',
  'Asia/Yangon',
  'Asia/Phnom_Penh',
  'Asia/Vientiane',
  'Asia/Ho_Chi_Minh',
  'Asia/Jakarta',
  'Asia/Makassar',
  'Asia/Kuala_Lumpur',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Dubai',
  'Asia/Riyadh',
  'UTC',
] as const;

/** The "your time zone" question, shared by the callback form, its status page and follow-ups. */
export function TimeZoneField({ ctx, current }: { ctx: PageContext; current: string }) {
  return (
    <>
      <label for="tz" class="label">
        {ctx.t('request:when.timeZoneLabel')}
      </label>
      <select id="tz" name="tz">
        {TIME_ZONES.map((z) => (
          <option key={z} value={z} selected={current === z}>
            {z.replace('_', ' ')}
          </option>
        ))}
      </select>
    </>
  );
}
