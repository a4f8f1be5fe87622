/**
 * Triage priority of a callback request. Only what the person told us about safety and age, and
 * how long they have waited, count. Gender, nationality, work sector, migration status, sex work
 * or the consistency of a story never do (principle P9).
 *
 *   1 urgent: in danger now, or a child (under 18, or not sure: principle P8)
 *   2 high:   hurt or sick, threatened, or needs a safe place tonight
 *   3 normal: everything else
 * Waiting moves a request up: a normal request waiting longer than a day becomes high.
 */
export type Priority = 1 | 2 | 3;

export interface TriageFacts {
  dangerNow: boolean;
  hurtOrSick: boolean;
  threats: boolean;
  shelterTonight: boolean;
  ageBand: AgeBand;
}

export const AGE_BANDS = ['under-18', 'adult', 'not-sure', 'prefer-not-to-say'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Under 18 or unsure: treated as a child (principle P8). */
export function isChild(ageBand: AgeBand): boolean {
  return ageBand === 'under-18' || ageBand === 'not-sure';
}

export function basePriority(f: TriageFacts): Priority {
  if (f.dangerNow || isChild(f.ageBand)) return 1;
  if (f.hurtOrSick || f.threats || f.shelterTonight) return 2;
  return 3;
}

/** Hours of waiting after which a request moves up one level (never above urgent). */
export const ESCALATE_AFTER_HOURS: Record<Priority, number | undefined> = { 1: undefined, 2: 12, 3: 24 };

export function effectivePriority(f: TriageFacts, waitingHours: number): Priority {
  const base = basePriority(f);
  const after = ESCALATE_AFTER_HOURS[base];
  if (after !== undefined && waitingHours >= after) return (base - 1) as Priority;
  return base;
}
