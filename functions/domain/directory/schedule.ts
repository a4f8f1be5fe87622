import type { Schedule, Weekday } from './model.js';

const WEEKDAY_BY_SHORT: Record<string, Weekday> = {
  Mon: 'mo',
  Tue: 'tu',
  Wed: 'we',
  Thu: 'th',
  Fri: 'fr',
  Sat: 'sa',
  Sun: 'su',
};
const ORDER: Weekday[] = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Weekday and minutes after midnight of an instant, in a time zone. */
export function localWeekdayAndMinutes(at: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAY_BY_SHORT[get('weekday')] ?? 'mo';
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function toMinutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function previousDay(day: Weekday): Weekday {
  return ORDER[(ORDER.indexOf(day) + 6) % 7] as Weekday;
}

/**
 * Whether a service is open at an instant, in the service's own time zone. A period whose closing
 * time is before its opening time runs past midnight into the next day.
 */
export function isOpenAt(schedule: Schedule | undefined, at: Date): boolean {
  if (!schedule) return false;
  if (schedule.open24h) return true;
  return isOpenAtLocal(schedule, localWeekdayAndMinutes(at, schedule.timeZone));
}

/** The same check with the local weekday and time already worked out (searches reuse them per zone). */
export function isOpenAtLocal(schedule: Schedule, local: { day: Weekday; minutes: number }): boolean {
  return isOpenHours(openingHours(schedule), local);
}

/** A schedule's periods with the times in minutes and the days as bits, worked out once per listing. */
export interface OpeningHours {
  open24h: boolean;
  periods: { days: number; opens: number; closes: number }[];
}

const dayBit = (day: Weekday) => 1 << ORDER.indexOf(day);

export function openingHours(schedule: Schedule): OpeningHours {
  return {
    open24h: Boolean(schedule.open24h),
    periods: schedule.hours.map((period) => ({
      days: period.days.reduce((bits, day) => bits | dayBit(day), 0),
      opens: toMinutes(period.opens),
      closes: toMinutes(period.closes),
    })),
  };
}

/**
 * Whether the hours are open at a local weekday and time. A period whose closing time is before
 * its opening time runs past midnight into the next day.
 */
export function isOpenHours(hours: OpeningHours, local: { day: Weekday; minutes: number }): boolean {
  if (hours.open24h) return true;
  const { minutes } = local;
  const today = dayBit(local.day);
  const yesterday = dayBit(previousDay(local.day));
  for (const { days, opens, closes } of hours.periods) {
    if (closes > opens) {
      if (days & today && minutes >= opens && minutes < closes) return true;
    } else {
      // Overnight: open from `opens` until midnight on the listed day, and until `closes` the next morning.
      if (days & today && minutes >= opens) return true;
      if (days & yesterday && minutes < closes) return true;
    }
  }
  return false;
}
