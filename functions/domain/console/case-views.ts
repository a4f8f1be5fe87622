import type { ContactTiming } from '../requests/attempts.js';
import type { Priority } from '../requests/priority.js';
import type { Activity, CaseRequest } from '../requests/records.js';

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
  timing: ContactTiming;
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
}
