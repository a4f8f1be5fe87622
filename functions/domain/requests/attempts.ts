import type { RequestStatus } from './lifecycle.js';
import { nextSafeInstant, openWindowAt, type SafeWindow } from './safe-windows.js';

/**
 * Contact attempts and what follows them. The next try always lands in a safe window the person
 * gave, never earlier than the rules below allow; after MAX_UNSUCCESSFUL tries in a row the
 * request goes to a supervisor instead of being tried again and again.
 */
export const ATTEMPT_OUTCOMES = [
  'reached',
  'no-answer',
  'someone-else-answered',
  'unsafe-to-talk',
  'wrong-number',
  'message-left',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Reasons a request can be closed. There is no "failure": people can always come back. */
export const CLOSE_REASONS = [
  'helped',
  'referred-on',
  'person-declined',
  'no-longer-needed',
  'could-not-reach-safely',
  'duplicate',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const DEFAULT_MAX_UNSUCCESSFUL = 3;

/** Outcomes that say the current window is not safe: it is not used again today. */
export const UNSAFE_OUTCOMES: readonly AttemptOutcome[] = ['someone-else-answered', 'unsafe-to-talk'];

/**
 * Gaps between tries (configuration: URGENT_RETRY_MINUTES, NORMAL_RETRY_MINUTES).
 * - urgent (priority 1: in danger now, or a child) and no answer: try again after `urgentMinutes`,
 *   inside the same safe window when enough of it is left;
 * - anything else: wait for the next safe window and at least `normalMinutes`, so a phone does not
 *   ring again and again;
 * - "someone else answered" or "unsafe to talk": this window is not safe; the next window, and at
 *   least `normalMinutes`, whatever the priority.
 */
export interface RetryPolicy {
  urgentMinutes: number;
  normalMinutes: number;
}
export const DEFAULT_RETRY_POLICY: RetryPolicy = { urgentMinutes: 15, normalMinutes: 60 };

export interface AttemptContext {
  outcome: AttemptOutcome;
  mayLeaveMessage: boolean;
  safeWindows: SafeWindow[];
  timeZone: string;
  /** Unsuccessful attempts in a row before this one. */
  unsuccessfulInARow: number;
  maxUnsuccessful: number;
  now: number;
  /** Priority 1 (in danger now, or a child). */
  urgent?: boolean;
  retry?: RetryPolicy;
}

export type AttemptDecision =
  | { kind: 'rejected'; reason: 'message-not-allowed' }
  | { kind: 'reached'; status: RequestStatus; unsuccessfulInARow: 0 }
  | { kind: 'retry'; status: RequestStatus; nextContactableAt: number; unsuccessfulInARow: number }
  | { kind: 'to-supervisor'; status: RequestStatus; unsuccessfulInARow: number };

export function decideAfterAttempt(a: AttemptContext): AttemptDecision {
  if (a.outcome === 'message-left' && !a.mayLeaveMessage)
    return { kind: 'rejected', reason: 'message-not-allowed' };
  if (a.outcome === 'reached') return { kind: 'reached', status: 'in-progress', unsuccessfulInARow: 0 };
  const unsuccessful = a.unsuccessfulInARow + 1;
  if (a.outcome === 'wrong-number' || unsuccessful >= a.maxUnsuccessful) {
    return { kind: 'to-supervisor', status: 'waiting', unsuccessfulInARow: unsuccessful };
  }
  return {
    kind: 'retry',
    status: 'waiting',
    nextContactableAt: nextAttemptAt(a.safeWindows, a.timeZone, a.now, {
      outcome: a.outcome,
      urgent: a.urgent ?? false,
      retry: a.retry ?? DEFAULT_RETRY_POLICY,
    }),
    unsuccessfulInARow: unsuccessful,
  };
}

/**
 * The next try after an unsuccessful one, always inside a safe window (any time when the person
 * gave none) and always in the future; the rules are on RetryPolicy.
 */
export function nextAttemptAt(
  windows: readonly SafeWindow[],
  timeZone: string,
  now: number,
  how: { outcome: AttemptOutcome; urgent: boolean; retry: RetryPolicy },
): number {
  const normalGap = Math.max(1, how.retry.normalMinutes) * 60_000;
  const urgentGap = Math.max(1, how.retry.urgentMinutes) * 60_000;
  if (how.urgent && !UNSAFE_OUTCOMES.includes(how.outcome)) {
    return nextSafeInstant(windows, timeZone, now + urgentGap);
  }
  const current = windows.length ? openWindowAt(windows, timeZone, now) : undefined;
  return nextSafeInstant(windows, timeZone, Math.max(current?.end ?? now, now + normalGap));
}

/**
 * What the safe-contact card and the queue say about timing, from the stored next try and the last
 * attempt; never a time in the past:
 * - `now`: contactable now; `closesAt` is the end of the open window (none: no limits were given);
 * - `not-safe-now`: the last try found this window unsafe; `nextTryAt` is the next planned try;
 * - `retry-later`: a window is open (or no limits) but the next try waits for a gap;
 * - `next-window`: outside the safe times; `nextTryAt` is when the next try is planned.
 */
export type ContactTiming =
  | { kind: 'now'; closesAt?: number }
  | { kind: 'not-safe-now' | 'retry-later' | 'next-window'; nextTryAt: number };

export function contactTiming(input: {
  windows: readonly SafeWindow[];
  timeZone: string;
  now: number;
  /** The stored next try (epoch ms), if any. */
  nextContactableAt?: number | undefined;
  lastAttempt?: { outcome: AttemptOutcome; at: number } | undefined;
}): ContactTiming {
  const { windows, timeZone, now } = input;
  const planned = Math.max(now, input.nextContactableAt ?? now);
  const nextTryAt = nextSafeInstant(windows, timeZone, planned);
  const open = windows.length ? openWindowAt(windows, timeZone, now) : undefined;
  if (nextTryAt <= now) return open ? { kind: 'now', closesAt: open.end } : { kind: 'now' };
  const last = input.lastAttempt;
  if (last && UNSAFE_OUTCOMES.includes(last.outcome) && last.at <= now) {
    return { kind: 'not-safe-now', nextTryAt };
  }
  if (windows.length === 0 || open) return { kind: 'retry-later', nextTryAt };
  return { kind: 'next-window', nextTryAt };
}
