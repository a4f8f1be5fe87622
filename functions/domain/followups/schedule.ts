import { instantOf, localFields, nextSafeInstant, type SafeWindow } from '../requests/safe-windows.js';

/**
 * Follow-up check-ins on the person's terms: how often, for how long, and only inside the safe
 * windows they chose. Survivors asked for contact monthly or every few months, never more often
 * (seed 004, SA10); "only when I ask" schedules nothing.
 */
export const RHYTHMS = ['monthly', 'quarterly', 'on-request'] as const;
export type Rhythm = (typeof RHYTHMS)[number];
export const DURATIONS = ['3', '6', '12', '24', 'until-stop'] as const;
export type Duration = (typeof DURATIONS)[number];

export const RHYTHM_MONTHS: Record<Exclude<Rhythm, 'on-request'>, number> = { monthly: 1, quarterly: 3 };

/**
 * The same wall-clock time `months` later in the person's time zone. A day that does not exist in
 * the target month becomes that month's last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonthsLocal(timeZone: string, at: number, months: number): number {
  const f = localFields(timeZone, at);
  const monthIndex = f.month - 1 + months;
  const year = f.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return instantOf(timeZone, year, month, Math.min(f.day, lastDay), f.hour, f.minute);
}

export function endOf(startedAt: number, duration: Duration, timeZone: string): number | undefined {
  return duration === 'until-stop' ? undefined : addMonthsLocal(timeZone, startedAt, Number(duration));
}

export interface ScheduleInput {
  rhythm: Rhythm;
  safeWindows: SafeWindow[];
  timeZone: string;
  /** The last check-in (or the opt-in): the next one is at least one rhythm after it. */
  from: number;
  /** No check-in after this instant; undefined: until the person stops. */
  endsAt?: number | undefined;
}

/** When the next check-in is due, or undefined when none is scheduled (on request, or finished). */
export function nextCheckInAt(s: ScheduleInput): number | undefined {
  if (s.rhythm === 'on-request') return undefined;
  const earliest = addMonthsLocal(s.timeZone, s.from, RHYTHM_MONTHS[s.rhythm]);
  const due = nextSafeInstant(s.safeWindows, s.timeZone, earliest);
  if (s.endsAt !== undefined && due > s.endsAt) return undefined;
  return due;
}

/** The ten reintegration outcomes a person may assess themselves against (seed 004, Table 6). */
export const REINTEGRATION_OUTCOMES = [
  'safe-living',
  'wellbeing',
  'mental-health',
  'health',
  'education',
  'work-income',
  'legal-status',
  'social-life',
  'family',
  'economic-situation',
] as const;
export const OUTCOME_ANSWERS = ['better', 'same', 'worse', 'prefer-not-to-say'] as const;

/** Quarter of a date for outcome statistics, e.g. "2026-Q4". */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}
