import { AREAS } from '../directory/taxonomy.js';
import { SMALL_COUNT } from './aggregates.js';
import { CLOSE_REASONS, type CloseReason } from './attempts.js';
import { HELP_KINDS, REQUEST_LANGUAGES } from './vocabulary.js';

/**
 * Reporting for supervisors and admins: anonymous figures per week of arrival, region and language.
 *
 * Where the figures come from: counters written when things happen (a request arrives, is first
 * tried, is first reached, is referred, is closed), kept in the request's week of arrival under its
 * region and each of its languages, and under "all" of each. Nothing personal is kept with them, and
 * they stay when the request itself is deleted (retention, "delete my data"), so a report of an old
 * week does not change when people leave. The report never reads requests.
 *
 * What is shown: every count of 1–4 as "<5" (0 stays 0); where parts add up to a total shown
 * beside them, a second part is hidden as "x" when only one part is "<5", so the total minus the
 * others cannot reveal it (kinds of help and referral areas are protected the same way against
 * their totals); a percentage or an average only over 5 or more, and a percentage only
 * when both of its counts are shown as numbers. The CSV holds exactly what the page shows.
 */

/** "All regions", "all languages" in a counter's cell. */
export const ALL = '*';

/** Buckets of the time from arrival to the first contact attempt, upper bounds in hours. */
export const FIRST_ATTEMPT_BUCKETS = [
  { id: 'within-1h', hours: 1 },
  { id: 'within-4h', hours: 4 },
  { id: 'within-24h', hours: 24 },
  { id: 'within-72h', hours: 72 },
  { id: 'later', hours: Number.POSITIVE_INFINITY },
] as const;
export type FirstAttemptBucket = (typeof FIRST_ATTEMPT_BUCKETS)[number]['id'];

/** At most this many weeks in one report. */
export const MAX_REPORT_WEEKS = 26;

/** One cell of the counters: a region (country code, "unknown" or ALL) and a language (or ALL). */
export interface ReportCell {
  region: string;
  language: string;
}

/** Something that happened to a callback request, as the report counts it. */
export type ReportEvent =
  | { kind: 'intake'; helpKinds: readonly string[] }
  | { kind: 'first-attempt'; minutes: number }
  | { kind: 'reached'; inSafeWindow: boolean }
  | { kind: 'referral'; areas: readonly string[] }
  | { kind: 'close'; reason: CloseReason };

/** The week a request is counted under: the ISO week it arrived in. */
export { isoWeek as reportWeek } from './aggregates.js';

/** The cells one request is counted in: its region and all regions, times each language and all. */
export function reportCells(r: { country?: string | undefined; languages: readonly string[] }): ReportCell[] {
  const regions = [r.country || 'unknown', ALL];
  const languages = [...new Set(r.languages.length ? r.languages : ['unspecified']), ALL];
  return regions.flatMap((region) => languages.map((language) => ({ region, language })));
}

/** The counters an event adds (name → 1, or minutes for the time to a first attempt). */
export function reportCounters(event: ReportEvent): Record<string, number> {
  switch (event.kind) {
    case 'intake':
      return {
        intake: 1,
        ...Object.fromEntries(
          (event.helpKinds.length ? [...new Set(event.helpKinds)] : ['unspecified']).map((k) => [
            `area.${k}`,
            1,
          ]),
        ),
      };
    case 'first-attempt': {
      const minutes = Math.max(0, Math.round(event.minutes));
      const bucket = FIRST_ATTEMPT_BUCKETS.find((b) => minutes <= b.hours * 60) ?? FIRST_ATTEMPT_BUCKETS[4];
      return { first: 1, firstMinutes: minutes, [`first.${bucket.id}`]: 1 };
    }
    case 'reached':
      return event.inSafeWindow ? { reached: 1, reachedSafe: 1 } : { reached: 1 };
    case 'referral':
      return {
        referrals: 1,
        ...Object.fromEntries(
          (event.areas.length ? [...new Set(event.areas)] : ['unspecified']).map((a) => [`referral.${a}`, 1]),
        ),
      };
    case 'close':
      return { closed: 1, [`closed.${event.reason}`]: 1 };
  }
}

// --- weeks ---------------------------------------------------------------------------------------

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The Monday (UTC) of an ISO week "2026-W48", or undefined when it is no such week. */
export function weekStart(week: string): Date | undefined {
  const m = WEEK.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  const start = new Date(monday1 + (n - 1) * 7 * 86_400_000);
  // Week 53 exists only in some years: it must still belong to the same ISO year.
  if (n < 1 || n > 53 || isoWeekOf(start) !== week) return undefined;
  return start;
}

function isoWeekOf(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Every ISO week from `from` to `to`, both included; undefined when either is not a week or to < from. */
export function weeksBetween(from: string, to: string): string[] | undefined {
  const a = weekStart(from);
  const b = weekStart(to);
  if (!a || !b || b < a) return undefined;
  const out: string[] = [];
  for (let t = a.getTime(); t <= b.getTime(); t += 7 * 86_400_000) out.push(isoWeekOf(new Date(t)));
  return out;
}

/** The week `weeksBack` weeks before the one holding `now`. */
export function weekBefore(now: Date, weeksBack: number): string {
  return isoWeekOf(new Date(now.getTime() - weeksBack * 7 * 86_400_000));
}

// --- filters ------------------------------------------------------------------------------------

export interface ReportFilters {
  from: string;
  to: string;
  /** A country code, "unknown" or ALL. */
  region: string;
  /** A language code, "unspecified" or ALL. */
  language: string;
}

export type ReportFilterError = 'week' | 'range' | 'too-long' | 'region' | 'language';

/**
 * The filters from a query string: the last four weeks, all regions and languages by default.
 * `regions` are the country codes a request may name.
 */
export function parseReportFilters(
  query: Record<string, string | undefined>,
  now: Date,
  regions: readonly string[],
): { filters: ReportFilters; weeks: string[] } | { error: ReportFilterError; filters: ReportFilters } {
  const filters: ReportFilters = {
    from: (query.from ?? '').trim() || weekBefore(now, 3),
    to: (query.to ?? '').trim() || weekBefore(now, 0),
    region: (query.region ?? '').trim() || ALL,
    language: (query.language ?? '').trim() || ALL,
  };
  // Only echo back what could be a week, a code: never free text into the page.
  const safe = (v: string) => (/^[\w*-]{1,20}$/.test(v) ? v : '');
  const echo = {
    from: safe(filters.from),
    to: safe(filters.to),
    region: safe(filters.region),
    language: safe(filters.language),
  };
  if (!weekStart(filters.from) || !weekStart(filters.to)) return { error: 'week', filters: echo };
  const weeks = weeksBetween(filters.from, filters.to);
  if (!weeks) return { error: 'range', filters: echo };
  if (weeks.length > MAX_REPORT_WEEKS) return { error: 'too-long', filters: echo };
  if (![ALL, 'unknown', ...regions].includes(filters.region)) return { error: 'region', filters: echo };
  if (![ALL, 'unspecified', ...REQUEST_LANGUAGES].includes(filters.language))
    return { error: 'language', filters: echo };
  return { filters, weeks };
}

// --- the report ---------------------------------------------------------------------------------

/** A count as shown: a number, "<5" (1 to 4), or "x" (hidden so that a "<5" cannot be worked out). */
export type Shown = number | '<5' | 'x';

export function showCount(n: number): Shown {
  return n > 0 && n < SMALL_COUNT ? '<5' : n;
}

/**
 * Parts that add up to a total shown beside them: each part 1–4 is "<5"; when exactly one part is
 * "<5" and the total is shown, the smallest other non-zero part is hidden too ("x"), so that the
 * total minus the visible parts never gives a suppressed count.
 */
export function protectParts(parts: readonly number[], total: number): Shown[] {
  const shown = parts.map(showCount);
  const small = shown.filter((s) => s === '<5').length;
  if (small !== 1 || showCount(total) === '<5') return shown;
  let pick = -1;
  parts.forEach((n, i) => {
    const p = parts[pick] ?? Number.POSITIVE_INFINITY;
    if (shown[i] !== '<5' && n > 0 && n < p) pick = i;
  });
  if (pick >= 0) shown[pick] = 'x';
  return shown;
}

/** A percentage (whole number) when the denominator is 5 or more and both counts are shown. */
export function showPercent(part: number, whole: number, shownPart: Shown, shownWhole: Shown): number | 'x' {
  if (whole < SMALL_COUNT || typeof shownPart !== 'number' || typeof shownWhole !== 'number') return 'x';
  return Math.round((part / whole) * 100);
}

/** An average in hours (one decimal) over 5 or more. */
export function showAverageHours(totalMinutes: number, count: number): number | 'x' {
  if (count < SMALL_COUNT) return 'x';
  return Math.round((totalMinutes / count / 60) * 10) / 10;
}

export interface ReportWeekRow {
  week: string;
  intake: Shown;
  firstAttempts: Shown;
  averageHoursToFirst: number | 'x';
  reachedSafe: Shown;
  /** Reached within a safe window, as a share of the requests that arrived. */
  reachedSafePercent: number | 'x';
}

export interface Report {
  filters: ReportFilters;
  weeks: ReportWeekRow[];
  total: ReportWeekRow;
  firstAttempt: { bucket: FirstAttemptBucket; count: Shown }[];
  areas: { area: string; count: Shown }[];
  referrals: { area: string; count: Shown }[];
  referralsTotal: Shown;
  outcomes: { reason: CloseReason; count: Shown }[];
  closedTotal: Shown;
}

/** The counters of one week for the chosen region and language (missing counters are 0). */
export type WeekCounters = Readonly<Record<string, number>>;

/**
 * The report from the counters of each week (for the region and language chosen). Pure: the same
 * counters always give the same figures, on the page and in the CSV.
 */
export function buildReport(
  filters: ReportFilters,
  weeks: readonly string[],
  counters: ReadonlyMap<string, WeekCounters>,
): Report {
  const get = (c: WeekCounters | undefined, name: string) => {
    const v = c?.[name];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  };
  const sum = (name: string) => weeks.reduce((s, w) => s + get(counters.get(w), name), 0);
  const column = (name: string) => {
    const parts = weeks.map((w) => get(counters.get(w), name));
    return { parts, total: sum(name), shown: protectParts(parts, sum(name)) };
  };
  const intake = column('intake');
  const first = column('first');
  const reachedSafe = column('reachedSafe');
  const row = (i: number | 'total'): ReportWeekRow => {
    const pick = (c: ReturnType<typeof column>) =>
      i === 'total' ? { n: c.total, s: showCount(c.total) } : { n: c.parts[i] ?? 0, s: c.shown[i] ?? 0 };
    const a = pick(intake);
    const f = pick(first);
    const rs = pick(reachedSafe);
    const minutes = i === 'total' ? sum('firstMinutes') : get(counters.get(weeks[i] ?? ''), 'firstMinutes');
    return {
      week: i === 'total' ? '' : (weeks[i] ?? ''),
      intake: a.s,
      firstAttempts: f.s,
      averageHoursToFirst: showAverageHours(minutes, f.n),
      reachedSafe: rs.s,
      reachedSafePercent: showPercent(rs.n, a.n, rs.s, a.s),
    };
  };

  const buckets = FIRST_ATTEMPT_BUCKETS.map((b) => sum(`first.${b.id}`));
  const bucketShown = protectParts(buckets, first.total);
  const reasons = CLOSE_REASONS.map((r) => sum(`closed.${r}`));
  const closedTotal = sum('closed');
  const reasonShown = protectParts(reasons, closedTotal);
  // A request may ask for several kinds of help and a service serve several areas, so these parts
  // need not add up to their total; they are protected as if they did (often they nearly do).
  const areaIds = [...HELP_KINDS, 'unspecified'];
  const areaShown = protectParts(
    areaIds.map((a) => sum(`area.${a}`)),
    intake.total,
  );
  const referralAreas = [...AREAS, 'unspecified'];
  const referralsTotal = sum('referrals');
  const referralShown = protectParts(
    referralAreas.map((a) => sum(`referral.${a}`)),
    referralsTotal,
  );
  return {
    filters,
    weeks: weeks.map((_, i) => row(i)),
    total: row('total'),
    firstAttempt: FIRST_ATTEMPT_BUCKETS.map((b, i) => ({ bucket: b.id, count: bucketShown[i] ?? 0 })),
    areas: areaIds.map((area, i) => ({ area, count: areaShown[i] ?? 0 })),
    referrals: referralAreas.map((area, i) => ({ area, count: referralShown[i] ?? 0 })),
    referralsTotal: showCount(referralsTotal),
    outcomes: CLOSE_REASONS.map((reason, i) => ({ reason, count: reasonShown[i] ?? 0 })),
    closedTotal: showCount(closedTotal),
  };
}

// --- CSV ----------------------------------------------------------------------------------------

/** Labels for the CSV, in the reader's language. */
export interface ReportLabels {
  section(id: 'weeks' | 'first-attempt' | 'areas' | 'referrals' | 'outcomes'): string;
  column(
    id:
      | 'section'
      | 'week'
      | 'item'
      | 'intake'
      | 'firstAttempts'
      | 'averageHoursToFirst'
      | 'reachedSafe'
      | 'reachedSafePercent'
      | 'count',
  ): string;
  total: string;
  bucket(id: FirstAttemptBucket): string;
  area(id: string): string;
  reason(id: CloseReason): string;
  /** The filter lines at the top: period, region, language, and what "<5" and "x" mean. */
  heading: string[][];
}

/**
 * One CSV cell: quoted when needed, and text that a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe. Numbers stay numbers.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV (UTF-8 with a byte-order mark so spreadsheets read Thai and Burmese; CRLF). */
export function reportCsv(report: Report, labels: ReportLabels): string {
  const lines: (string | number)[][] = [...labels.heading, []];
  lines.push([
    labels.column('section'),
    labels.column('week'),
    labels.column('intake'),
    labels.column('firstAttempts'),
    labels.column('averageHoursToFirst'),
    labels.column('reachedSafe'),
    labels.column('reachedSafePercent'),
  ]);
  for (const r of [...report.weeks, report.total])
    lines.push([
      labels.section('weeks'),
      r.week || labels.total,
      r.intake,
      r.firstAttempts,
      r.averageHoursToFirst,
      r.reachedSafe,
      r.reachedSafePercent,
    ]);
  lines.push([]);
  lines.push([labels.column('section'), labels.column('item'), labels.column('count')]);
  for (const b of report.firstAttempt)
    lines.push([labels.section('first-attempt'), labels.bucket(b.bucket), b.count]);
  lines.push([labels.section('first-attempt'), labels.total, report.total.firstAttempts]);
  for (const a of report.areas) lines.push([labels.section('areas'), labels.area(a.area), a.count]);
  for (const a of report.referrals) lines.push([labels.section('referrals'), labels.area(a.area), a.count]);
  lines.push([labels.section('referrals'), labels.total, report.referralsTotal]);
  for (const o of report.outcomes) lines.push([labels.section('outcomes'), labels.reason(o.reason), o.count]);
  lines.push([labels.section('outcomes'), labels.total, report.closedTotal]);
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
