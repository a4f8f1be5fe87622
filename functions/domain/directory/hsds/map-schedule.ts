import { type Schedule, WEEKDAYS, type Weekday } from '../model.js';
import { type Attributes, readAttributes } from './attributes.js';
import type { ImportContext } from './import-context.js';
import type { ScheduleInT, ServiceAtLocationInT, ServiceInT } from './import-schema.js';
import { isTimeZone } from '../../time-zone.js';
import { zoneForOffset } from './time-zones.js';
import { clean, Rejected } from './util.js';

/** Written for a 24-hour schedule without notes, so a reader of the file sees it. */
export const OPEN_24H_TEXT = 'Open 24 hours';

/**
 * Weekly opening hours. Service schedules first, else those of its service_at_locations. HSDS
 * recurrence details we cannot show (monthly rules, intervals, week numbers, validity dates) are
 * left out with a warning; the schedule's free-text description is kept as notes.
 */
export function mapSchedules(
  ctx: ImportContext,
  raw: ServiceInT,
  sals: ServiceAtLocationInT[],
  serviceAttributes: Attributes,
  ref: string,
): Schedule | undefined {
  const entries = raw.schedules?.length ? raw.schedules : sals.flatMap((s) => s.schedules ?? []);
  const open24hAttribute = serviceAttributes.flag('open-24h') ?? false;
  if (entries.length === 0 && !open24hAttribute) return undefined;

  let timeZone: string | undefined;
  const hours: Schedule['hours'] = [];
  const notes = new Set<string>();
  let open24h = open24hAttribute;
  entries.forEach((entry, i) => {
    const label = `schedules[${i}]`;
    const zone = scheduleZone(entry, readAttributes(entry.attributes));
    if (zone === null)
      throw new Rejected(`${label}: timezone ${entry.timezone} cannot be mapped to a time zone`);
    if (zone) {
      if (timeZone && zone !== timeZone)
        ctx.warn(ref, `${label}: time zone ${zone} differs from ${timeZone}; ${timeZone} is used`);
      timeZone ??= zone;
    }
    for (const note of [clean(entry.description), clean(entry.notes)]) {
      if (note && note !== OPEN_24H_TEXT) notes.add(note);
      else if (note) open24h = true;
    }
    if (!entry.opens_at && !entry.closes_at && !entry.byday) return;
    const freq = entry.freq?.toUpperCase();
    if (freq && freq !== 'WEEKLY') {
      ctx.warn(ref, `${label}: ${freq} schedules cannot be shown as weekly hours and were left out`);
      return;
    }
    if ((entry.interval ?? 1) !== 1)
      ctx.warn(ref, `${label}: "every ${entry.interval} weeks" is shown as every week`);
    const ignored = [
      'byweekno',
      'bymonthday',
      'byyearday',
      'count',
      'until',
      'valid_from',
      'valid_to',
    ].filter(
      (k) =>
        (entry as Record<string, unknown>)[k] !== undefined && (entry as Record<string, unknown>)[k] !== '',
    );
    if (ignored.length) ctx.warn(ref, `${label}: ${ignored.join(', ')} are not modelled and were ignored`);
    const days = parseByDay(entry.byday);
    if (!days) {
      ctx.warn(ref, `${label}: no usable byday ("${entry.byday ?? ''}"); these hours were left out`);
      return;
    }
    const opens = parseTime(entry.opens_at);
    const closes = parseTime(entry.closes_at);
    if (!opens || !closes)
      throw new Rejected(
        `${label}: opens_at "${entry.opens_at ?? ''}" / closes_at "${entry.closes_at ?? ''}" are not HH:MM times`,
      );
    if (days.length === 7 && opens === '00:00' && (closes === '23:59' || closes === '00:00')) {
      open24h = true;
      return;
    }
    hours.push({ days, opens, closes, ...(entry.id && entry.id.length <= 100 ? { hsdsId: entry.id } : {}) });
  });
  const notesText = [...notes].join('\n');
  return {
    // HSDS: "Dates are assumed to be UTC otherwise."
    timeZone: timeZone ?? 'UTC',
    open24h,
    hours: open24h ? [] : hours,
    ...(notesText ? { notes: { en: notesText } } : {}),
  };
}
/** The schedule's zone: our time-zone attribute, the numeric offset, or a suffix on opens_at; null if unmappable. */
function scheduleZone(entry: ScheduleInT, attributes: Attributes): string | undefined | null {
  const named = attributes.first('time-zone');
  if (named && isTimeZone(named)) return named;
  if (entry.timezone !== undefined) return zoneForOffset(entry.timezone) ?? null;
  const suffix = /(Z|[+-]\d{2}:?\d{2})$/.exec(entry.opens_at?.trim() ?? '')?.[1];
  if (!suffix) return undefined;
  if (suffix === 'Z') return 'UTC';
  const sign = suffix.startsWith('-') ? -1 : 1;
  const digits = suffix.slice(1).replace(':', '');
  return zoneForOffset(sign * (Number(digits.slice(0, 2)) + Number(digits.slice(2)) / 60)) ?? null;
}

/** "10:00", "10:00:00", "10:00Z", "10:00:00+07:00" → "10:00"; "24:00" → "00:00". */
function parseTime(value: string | undefined): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h === 24 && m === 0) return '00:00';
  if (h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function parseByDay(value: string | undefined): Weekday[] | undefined {
  if (!value) return undefined;
  const days = value.split(',').map((d) => d.trim().toLowerCase());
  if (!days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return undefined;
  return WEEKDAYS.filter((d) => days.includes(d));
}
