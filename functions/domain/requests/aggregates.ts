/**
 * Anonymous statistics. Counts below SMALL_COUNT are shown as "<5" so that no small group of
 * people can be singled out (principle P6).
 */
export const SMALL_COUNT = 5;

export type DisplayCount = number | '<5';

export function suppressSmall(count: number): DisplayCount {
  return count > 0 && count < SMALL_COUNT ? '<5' : count;
}

/** ISO 8601 week of a date, e.g. "2026-W48" (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The dimensions an intake is counted under. Nothing identifying, nothing about gender or nationality. */
export function intakeDimensions(r: {
  country?: string | undefined;
  helpKinds: string[];
  languages: string[];
  priority: number;
}): string[] {
  return [
    'total#all',
    `region#${r.country ?? 'unknown'}`,
    ...(r.helpKinds.length ? r.helpKinds : ['unspecified']).map((k) => `area#${k}`),
    ...(r.languages.length ? r.languages : ['unspecified']).map((l) => `language#${l}`),
    `priority#${r.priority}`,
  ];
}
