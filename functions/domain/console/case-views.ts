import type { SafeguardingTrigger } from '../requests/safeguarding.js';
import type { ContactTiming } from '../requests/attempts.js';
import type { Priority } from '../requests/priority.js';
import type { Activity, CaseRequest } from '../requests/records.js';
import type { WaitingClock } from '../requests/shift.js';

/** What the console shows of the queue and of one request (services/casework.ts builds these). */

export interface QueueFilters {
  language?: string | undefined;
  /** Any of these languages ("my languages": the staff record's); an empty list matches nothing. */
  languages?: string[] | undefined;
  /** The languages came from "my languages" (kept in the page links). */
  mine?: boolean | undefined;
  region?: string | undefined;
  child?: boolean | undefined;
  operatorGender?: string | undefined;
}

export interface QueueEntry {
  request: CaseRequest;
  priority: Priority;
  /** The waiting clock (domain/requests/shift.ts): to the first attempt, then since the last update. */
  waiting: WaitingClock;
  waitingMinutes: number;
  overdue: boolean;
  child: boolean;
  /** Contactable now (and until when), or when the next try is planned and why not now. */
  timing: ContactTiming;
  heldBy?: string;
}

export interface ContactCard {
  channel: string;
  handle: string;
  codeWord?: string;
  ifSomeoneElseAnswers?: string;
  message?: string;
}

export interface OpenCase {
  request: CaseRequest;
  /** For a check-in: the earlier check-ins of its follow-up. */
  checkInHistory?: { at: string; continued: string }[];
  contact?: ContactCard;
  messages: { at: string; text: string }[];
  activity: Activity[];
  /** May see the safe-contact card and work the request (the one rule: holder, supervisor, child protection). */
  mayWork: boolean;
  mayClaim: boolean;
  mayReopen: boolean;
  /** A child's request, and the viewer is outside the child-protection group. */
  childOnly: boolean;
  /** For a supervisor who may reassign: the staff who may receive this request. */
  reassignTargets?: { sub: string; name: string }[];
  claimActive: boolean;
  /** The viewer holds the claim (live or ended), and when it ends (epoch ms). */
  heldByMe: boolean;
  claimUntil?: number;
  /** The viewer's own claim ended and nobody else has taken the request: it may be taken again. */
  myClaimEnded: boolean;
  /** The history (attempts, notes, handover notes, events) may be shown without the contact card. */
  mayReadHistory: boolean;
  /** A supervisor may decide what happens to a request that needs one. */
  mayDecide: boolean;
  /**
   * Safeguarding escalation (functions/domain/requests/safeguarding.ts): the trigger this request
   * matches under the deployment's configuration, whether the viewer may escalate it now, and
   * whether the viewer may record the supervisor's decision on a pending one.
   */
  safeguarding?: { trigger: SafeguardingTrigger; mayEscalate: boolean; mayDecide: boolean };
  /** The person changed something since an operator who may work it last opened it. */
  personUpdate?: { at: string; kinds: string[] };
  timing: ContactTiming;
  waiting: WaitingClock;
  child: boolean;
}

export interface QueuePaging {
  page: number;
  pages: number;
  total: number;
}

export interface QueuePage {
  due: QueueEntry[];
  later: QueueEntry[];
  paging: { due: QueuePaging; later: QueuePaging };
  /** Open requests that came in a burst from one connection (an anonymous mark, no address). */
  burst: number;
  /** The urgent requests this person could take now (see UrgentWaiting), for the queue's alerts. */
  urgent: UrgentWaiting;
}

/**
 * The queue's alert: urgent requests (priority 1) that may be contacted now, that nobody holds and
 * that this person may take (a child's request only for the child-protection group), within the
 * queue's filters. Opaque request ids and a count only: nothing about the person.
 */
export interface UrgentWaiting {
  count: number;
  /** The newest of them (at most 100): enough for a page to tell which are new since it loaded. */
  ids: string[];
}
