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
/** Minimum gap before trying again inside the same window, so a phone does not ring repeatedly. */
export const MIN_RETRY_GAP_MS = 60 * 60_000;

export interface AttemptContext {
  outcome: AttemptOutcome;
  mayLeaveMessage: boolean;
  safeWindows: SafeWindow[];
  timeZone: string;
  /** Unsuccessful attempts in a row before this one. */
  unsuccessfulInARow: number;
  maxUnsuccessful: number;
  now: number;
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
    nextContactableAt: nextAttemptAt(a.safeWindows, a.timeZone, a.now),
    unsuccessfulInARow: unsuccessful,
  };
}

/**
 * The next try: the next safe window after the current one closes; with no windows given, an hour
 * later. Someone else answering or "unsafe to talk" means this window is not safe today.
 */
export function nextAttemptAt(windows: SafeWindow[], timeZone: string, now: number): number {
  if (windows.length === 0) return now + MIN_RETRY_GAP_MS;
  const current = openWindowAt(windows, timeZone, now);
  const after = current ? current.end : now + MIN_RETRY_GAP_MS;
  return nextSafeInstant(windows, timeZone, after);
}
