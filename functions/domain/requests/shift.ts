import type { CloseReason } from './attempts.js';
import type { Priority } from './priority.js';

/**
 * Rules of an operator's shift that are not about contact timing (attempts.ts) or access
 * (console/case-access.ts): what a finished action tells the next page, how long a request has
 * been waiting, when a close needs more, and what a supervisor decides for a stuck request.
 */

/**
 * What a console action did, carried to the page it redirects to (post/redirect/get) as
 * `?done=<code>`: a word from this list only, never data about the person.
 */
export const DONE_CODES = [
  'claimed',
  'extended',
  'released',
  'note',
  'attempt',
  'needs',
  'referral',
  'priority',
  'status',
  'closed',
  'reopened',
  'checkin',
  'reassigned',
  'decision',
  'found',
  'escalated',
  'safeguarding',
] as const;
export type DoneCode = (typeof DONE_CODES)[number];

export function doneCode(value: string | undefined): DoneCode | undefined {
  return (DONE_CODES as readonly string[]).includes(value ?? '') ? (value as DoneCode) : undefined;
}

/**
 * The waiting clock of an open request, for the queue's "waiting" column and its overdue mark:
 * - before the first contact attempt: time since the request could first be contacted (its first
 *   safe window opened), so a request that asked for tomorrow morning is not late tonight;
 * - after it: time since the last update by an operator, or since the next planned try became due
 *   when that is later;
 * - a request whose next try is still ahead is not waiting at all.
 * Never measured from creation alone.
 */
export interface WaitingFacts {
  createdAt: string;
  nextContactableAt?: string | undefined;
  firstAttemptAt?: string | undefined;
  /** The last change an operator made (attempt, note, claim, status …). */
  workedAt?: string | undefined;
}

export interface WaitingClock {
  /** 'first-attempt': no attempt yet; 'since-update': attempts were made. */
  kind: 'first-attempt' | 'since-update';
  /** Epoch ms the clock started; equal to now when nothing is due yet. */
  since: number;
  minutes: number;
}

export function waitingClock(r: WaitingFacts, now: number): WaitingClock {
  const created = Date.parse(r.createdAt);
  const due = r.nextContactableAt ? Date.parse(r.nextContactableAt) : created;
  const dueSince = Math.max(created, Math.min(now, due));
  if (!r.firstAttemptAt) {
    const since = due > now ? now : dueSince;
    return { kind: 'first-attempt', since, minutes: Math.max(0, Math.floor((now - since) / 60_000)) };
  }
  const worked = Date.parse(r.workedAt ?? r.firstAttemptAt);
  const since = due > now ? now : Math.min(now, Math.max(worked, dueSince));
  return { kind: 'since-update', since, minutes: Math.max(0, Math.floor((now - since) / 60_000)) };
}

/** Overdue: waiting longer than the target of its priority. */
export function isOverdue(
  clock: WaitingClock,
  priority: Priority,
  targets: Record<Priority, number>,
): boolean {
  return clock.minutes > targets[priority];
}

/** The wrap-up of a close: a short summary with nothing that identifies the person. */
export const CLOSE_SUMMARY_MAX = 300;

/**
 * Why a close with this outcome is refused, or undefined: "helped" needs at least one contact
 * attempt (nobody was helped by a request nobody tried to reach).
 */
export function closeRefusal(reason: CloseReason, attempts: number): 'helped-without-attempt' | undefined {
  if (reason === 'helped' && attempts < 1) return 'helped-without-attempt';
  return undefined;
}

/**
 * A request that reached the supervisor (too many unsuccessful tries, or a wrong number) waits for
 * one of these decisions, which is recorded and clears the mark:
 *   retry            a new plan: tried again from the next safe window, the count starts again
 *   correct-contact  the supervisor enters corrected contact details, then as retry
 *   close            closed (could not reach safely, or another outcome) with a wrap-up
 */
export const SUPERVISOR_DECISIONS = ['retry', 'correct-contact', 'close'] as const;
export type SupervisorDecision = (typeof SUPERVISOR_DECISIONS)[number];

/** What the person changed from the status page; the queue marks the request until it is opened. */
export const PERSON_UPDATES = ['safe-times', 'contact', 'message'] as const;
export type PersonUpdate = (typeof PERSON_UPDATES)[number];

/** How far back the list of closed and withdrawn requests looks. */
export const CLOSED_PERIODS = [7, 30, 90, 365] as const;
export type ClosedPeriod = (typeof CLOSED_PERIODS)[number];

/** Filters of the closed and withdrawn list (all optional). */
export interface ClosedFilters {
  status?: 'closed' | 'withdrawn' | undefined;
  reason?: CloseReason | undefined;
  kind?: 'request' | 'check-in' | undefined;
  days: ClosedPeriod;
}

/** One row of the closed and withdrawn list: no personal data, only what the queue shows too. */
export interface ClosedEntry {
  id: string;
  status: 'closed' | 'withdrawn';
  kind: 'request' | 'check-in';
  closedAt: string;
  closeReason?: CloseReason | undefined;
  priority: Priority;
  child: boolean;
  languages: string[];
  country?: string | undefined;
  province?: string | undefined;
}
