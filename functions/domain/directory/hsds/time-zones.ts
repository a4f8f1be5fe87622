/** Time zones: our schedules name an IANA zone, HSDS 3.0 schedules carry a UTC offset in hours. */

/** UTC offset in hours of an IANA zone at an instant (e.g. Asia/Bangkok → 7, Asia/Yangon → 6.5). */
export function utcOffsetHours(timeZone: string, at: Date = new Date()): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;
  const hours = Number(match[2]) + Number(match[3]) / 60;
  return match[1] === '-' ? -hours : hours;
}

/** Zones for UTC offsets that are not whole hours (no Etc/GMT zone exists for them). */
const FRACTIONAL_OFFSET_ZONES: Record<string, string> = {
  '-9.5': 'Pacific/Marquesas',
  '3.5': 'Asia/Tehran',
  '4.5': 'Asia/Kabul',
  '5.5': 'Asia/Kolkata',
  '5.75': 'Asia/Kathmandu',
  '6.5': 'Asia/Yangon',
  '8.75': 'Australia/Eucla',
  '9.5': 'Australia/Darwin',
};

/** IANA zone for a UTC offset in hours; undefined when there is none. */
export function zoneForOffset(hours: number): string | undefined {
  if (hours === 0) return 'UTC';
  if (Number.isInteger(hours) && hours >= -12 && hours <= 14)
    return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  return FRACTIONAL_OFFSET_ZONES[String(hours)];
}
