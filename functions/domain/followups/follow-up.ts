import type { AgeBand } from '../requests/priority.js';
import type { SafeWindow } from '../requests/safe-windows.js';
import type { Duration, Rhythm } from './schedule.js';

/**
 * A follow-up as it is kept: rhythm, duration, safe windows, status and history, no identifying
 * data (data/followup-store.ts stores it; its contact details are a separate, encrypted item).
 */
export interface FollowUp {
  id: string;
  status: 'active' | 'paused' | 'stopped';
  rhythm: Rhythm;
  duration: Duration;
  startedAt: string;
  endsAt?: string | undefined;
  timeZone: string;
  safeWindows: SafeWindow[];
  channel: string;
  mayEscalate: boolean;
  nextDueAt?: string | undefined;
  history: CheckInRecord[];
  locale: string;
  consent: { followup: { version: string; locale: string; at: string } };
  linkedRequestId?: string | undefined;
  /** The linked request's age band: a child's check-ins are a child's requests (principle P8). */
  ageBand?: AgeBand | undefined;
  stoppedAt?: string;
}

/** One check-in: when, and whether the person wanted to go on. */
export interface CheckInRecord {
  at: string;
  continued: 'yes' | 'pause' | 'stop';
  by: string;
}
