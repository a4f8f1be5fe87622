import type { AttemptOutcome, CloseReason } from './attempts.js';
import type { RequestStatus } from './lifecycle.js';
import type { PinAttemptState } from './pin-policy.js';
import type { Priority, TriageFacts } from './priority.js';
import type { PriorityOverride } from './priority-change.js';
import type { SafeWindow } from './safe-windows.js';
import type { Safeguarding } from './safeguarding.js';
import type { PersonUpdate } from './shift.js';

/**
 * Callback requests as they are kept: the request (no identifying data), its code, and the
 * operators' side (claim, activity). The data layer stores these shapes (data/request-store.ts,
 * data/casework-store.ts; docs/data-inventory.md lists every item with its personal fields); the
 * services, routes and pages read them.
 */

export interface StoredRequest {
  id: string;
  status: RequestStatus;
  priority: Priority;
  facts: TriageFacts;
  createdAt: string;
  updatedAt: string;
  /** The form's language. */
  locale: string;
  channel: string;
  timeZone: string;
  safeWindows: SafeWindow[];
  mayLeaveMessage: boolean;
  mayNameOrganisation: boolean;
  languages: string[];
  interpreter: boolean;
  operatorGender: string;
  helpKinds: string[];
  country?: string | undefined;
  province?: string | undefined;
  attempts: number;
  nextContactableAt: string;
  consent: { callback?: { version: string; locale: string; at: string } };
  withdrawnAt?: string;
  dataDeletedAt?: string;
  /** Sent in a burst from one rate-limit key (no address or key is kept, only this mark). */
  burst?: boolean;
}

export interface CodeRecord extends PinAttemptState {
  code: string;
  /** The callback request behind the code (absent for a code issued for follow-ups only). */
  requestId?: string;
  /** The follow-up the code opens now (the newest linked one). */
  followupId?: string;
  /** Every follow-up ever linked to the code, so deletion reaches all of them. */
  followupIds: string[];
  pinHash?: string | undefined;
  setupTokenHash: string;
}

export interface Claim {
  by: string;
  byName: string;
  until: number;
}

export interface CaseRequest extends StoredRequest {
  /** A scheduled follow-up check-in rather than a new callback request. */
  kind?: 'check-in';
  followupId?: string;
  claim?: Claim;
  unsuccessfulInARow?: number;
  /** The last contact attempt: "unsafe to talk" marks the current window as not safe. */
  lastAttempt?: { outcome: AttemptOutcome; at: string };
  needsSupervisor?: boolean;
  /** An operator's priority change: a word from PRIORITY_REASONS (priority-change.ts), no free text. */
  priorityOverride?: PriorityOverride;
  statedNeeds?: string[];
  closeReason?: CloseReason;
  /** When an operator first tried to reach the person (the waiting clock changes then). */
  firstAttemptAt?: string;
  /** When the person was first reached (counted once in the reporting figures). */
  reachedAt?: string;
  /** The last change an operator made (attempt, note, status …): the waiting clock after the first attempt. */
  workedAt?: string;
  /** The person changed something from the status page; cleared when an operator who may work it opens it. */
  personUpdate?: { at: string; kinds: PersonUpdate[] };
  /** A check-in: the callback request its follow-up was linked to (languages, place and rules come from it). */
  linkedRequestId?: string;
  /** When it was closed or withdrawn. */
  closedAt?: string;
  /** A safeguarding escalation: pending a supervisor's decision, or decided (words, no free text). */
  safeguarding?: Safeguarding;
}

/** The encryption purpose of a staff note (bound into its ciphertext with the request id). */
export const NOTE_PURPOSE = 'operator-note';

/** What an activity item records: a contact attempt, a note, a referral or a status event. */
export type ActivityKind = 'ATTEMPT' | 'NOTE' | 'REFERRAL' | 'EVENT';

export interface Activity {
  kind: ActivityKind;
  at: string;
  by: string;
  byName: string;
  outcome?: AttemptOutcome;
  text?: string;
  serviceId?: string;
  consentAt?: string;
  event?: string;
  /** A close, a supervisor's decision or a priority change: the word chosen from a list, not free text. */
  reason?: string;
  /** A note written when giving a request back: for the next operator. */
  handover?: boolean;
  /** A note's text, encrypted (the console decrypts it for an audited view). */
  ciphertext?: string;
  /** Epoch seconds: notes expire with the person's data. */
  ttl?: number;
}
