/**
 * Safe contact windows: the days and hours a person said it is safe to contact them, in their own
 * time zone. Pure functions over instants; time zones through Intl, so daylight saving is handled.
 * The form's check of a window is SafeWindowSchema in request.ts.
 */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Days, and a start and end time ("HH:MM"); an end before the start runs past midnight. */
export interface SafeWindow {
  days: Weekday[];
  from: string;
  to: string;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, at: number) {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    partsFormatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(at))) out[p.type] = p.value;
  return out;
}

const SHORT_DAYS: Record<string, Weekday> = {
  Mon: 'mo',
  Tue: 'tu',
  Wed: 'we',
  Thu: 'th',
  Fri: 'fr',
  Sat: 'sa',
  Sun: 'su',
};

/** Local calendar fields of an instant in a time zone. */
export function localFields(timeZone: string, at: number) {
  const p = partsIn(timeZone, at);
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: SHORT_DAYS[p.weekday ?? 'Mon'] as Weekday,
  };
}

/** Offset of a time zone from UTC at an instant, in minutes. */
export function offsetMinutes(timeZone: string, at: number): number {
  const f = localFields(timeZone, at);
  const seconds = Number(partsIn(timeZone, at).second);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, seconds);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant of a local wall-clock time. In a daylight-saving gap the time does not exist and the
 * first instant after the gap is returned; in an overlap the earlier instant.
 */
export function instantOf(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let guess = naive - offsetMinutes(timeZone, naive) * 60_000;
  guess = naive - offsetMinutes(timeZone, guess) * 60_000;
  const f = localFields(timeZone, guess);
  if (f.hour !== hour || f.minute !== minute) {
    // In a gap: move forward to the first valid minute.
    const alt = naive - offsetMinutes(timeZone, guess - 3 * 3_600_000) * 60_000;
    return Math.max(guess, alt);
  }
  return guess;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export interface WindowInterval {
  start: number;
  end: number;
}

/**
 * Concrete intervals (epoch ms) of the windows that overlap [from, from + days). A window whose
 * end is before its start runs past midnight into the next day.
 */
export function windowIntervals(
  windows: readonly SafeWindow[],
  timeZone: string,
  from: number,
  days = 8,
): WindowInterval[] {
  const out: WindowInterval[] = [];
  // Start one day early so a window that began yesterday evening and is still open is included.
  const startLocal = localFields(timeZone, from - 86_400_000);
  for (let i = 0; i <= days + 1; i++) {
    const dayUtc = Date.UTC(startLocal.year, startLocal.month - 1, startLocal.day + i, 12);
    const date = new Date(dayUtc);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7] as Weekday;
    for (const w of windows) {
      if (!w.days.includes(weekday)) continue;
      const fromMin = minutesOf(w.from);
      const toMin = minutesOf(w.to);
      const start = instantOf(timeZone, y, m, d, Math.floor(fromMin / 60), fromMin % 60);
      const endDate = new Date(Date.UTC(y, m - 1, d + (toMin <= fromMin ? 1 : 0), 12));
      const end = instantOf(
        timeZone,
        endDate.getUTCFullYear(),
        endDate.getUTCMonth() + 1,
        endDate.getUTCDate(),
        Math.floor(toMin / 60),
        toMin % 60,
      );
      if (end > start && end > from) out.push({ start, end });
    }
  }
  out.sort((a, b) => a.start - b.start);
  // Merge overlapping or touching intervals.
  const merged: WindowInterval[] = [];
  for (const iv of out) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ ...iv });
  }
  return merged;
}

/** The window open at `at`, if any. */
export function openWindowAt(
  windows: readonly SafeWindow[],
  timeZone: string,
  at: number,
): WindowInterval | undefined {
  return windowIntervals(windows, timeZone, at, 1).find((iv) => iv.start <= at && at < iv.end);
}

/**
 * The earliest instant at or after `after` inside a safe window. With no windows given, the person
 * set no limits and any time is safe.
 */
export function nextSafeInstant(windows: readonly SafeWindow[], timeZone: string, after: number): number {
  if (windows.length === 0) return after;
  const next = windowIntervals(windows, timeZone, after, 8).find((iv) => iv.end > after);
  if (!next) return after;
  return Math.max(after, next.start);
}
