import type { AuditLog } from '../data/audit-log.js';
import { type CaseworkStore, OPEN_STATUSES } from '../data/casework-store.js';
import { auditSubject, closedIndex, queueIndex, REPORTS_AUDIT_SUBJECT } from '../data/keys.js';
import {
  assertCaseAccess,
  type CaseAction,
  CaseAccessRefused,
  type CaseFacts,
  caseAccess,
  caseFacts,
  mayCase,
  reassignTarget,
} from '../domain/console/case-access.js';
import type {
  ContactCard,
  OpenCase,
  QueueEntry,
  QueueFilters,
  QueuePage,
  UrgentWaiting,
} from '../domain/console/case-views.js';
import { can, type Permission, type StaffIdentity } from '../domain/console/roles.js';
import type { StaffMember } from '../domain/console/staff.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import {
  CloseRefusedError,
  ConsentRequiredError,
  ForbiddenError,
  MessageNotAllowedError,
  NoDecisionNeededError,
  NotFoundError,
} from '../domain/errors.js';
import { quarterOf } from '../domain/followups/schedule.js';
import { type DisplayCount, isoWeek, suppressSmall } from '../domain/requests/aggregates.js';
import {
  type AttemptOutcome,
  type CloseReason,
  type ContactTiming,
  contactTiming,
  decideAfterAttempt,
  type RetryPolicy,
} from '../domain/requests/attempts.js';
import { assertTransition, type RequestStatus, reopenRefusal } from '../domain/requests/lifecycle.js';
import { effectivePriority, isChild, type Priority } from '../domain/requests/priority.js';
import { isPriorityReason, type PriorityReason } from '../domain/requests/priority-change.js';
import { type Activity, type CaseRequest, NOTE_PURPOSE } from '../domain/requests/records.js';
import { normalizeReferenceCode } from '../domain/requests/reference-code.js';
import {
  buildReport,
  type Report,
  type ReportEvent,
  type ReportFilters,
  reportCells,
  reportCounters,
  reportWeek,
} from '../domain/requests/reporting.js';
import { nextSafeInstant, openWindowAt } from '../domain/requests/safe-windows.js';
import {
  SAFEGUARDING_TRIGGERS,
  type Safeguarding,
  type SafeguardingAction,
  type SafeguardingReason,
  type SafeguardingTrigger,
  safeguardingTrigger,
} from '../domain/requests/safeguarding.js';
import {
  type ClosedEntry,
  type ClosedFilters,
  closeRefusal,
  isOverdue,
  type SupervisorDecision,
  waitingClock,
} from '../domain/requests/shift.js';
import { MESSAGE_PURPOSE, PII_PURPOSE } from './callback-requests.js';
import { FOLLOWUP_PURPOSE } from './followups.js';

export interface CaseworkDeps {
  store: CaseworkStore;
  audit: AuditLog;
  /** A check-in's contact details live with its follow-up (FU#<id> PII). */
  followupCiphertext?: (followupId: string) => Promise<string | undefined>;
  /** Earlier check-ins of a follow-up, so the operator does not ask again what is known. */
  followupHistory?: (followupId: string) => Promise<{ at: string; continued: string }[]>;
  /** Notes are encrypted like contact details (same envelope encryption, own purpose). */
  encrypt: (
    data: Record<string, unknown>,
    context: { requestId: string; purpose: string },
  ) => Promise<string>;
  /** Days personal data is kept: notes expire with it. */
  retentionDays: number;
  /** Only the console has a decrypting keyring. */
  decrypt: (
    ciphertext: string,
    context: { requestId: string; purpose: string },
  ) => Promise<Record<string, unknown>>;
  directory: { get(): Promise<DirectoryIndex> };
  /** The staff list: who may receive a reassigned request. */
  staff: { get(sub: string): Promise<StaffMember | undefined>; list(): Promise<StaffMember[]> };
  claimMinutes: number;
  maxUnsuccessful: number;
  /** Which requests may be escalated for a safeguarding decision (SAFEGUARDING_ESCALATION); default both. */
  safeguardingTriggers?: readonly SafeguardingTrigger[];
  /** The request behind a reference code (the code item), for "find by reference code". */
  requestIdForCode?: (code: string) => Promise<string | undefined>;
  /** Gaps between tries (URGENT_RETRY_MINUTES, NORMAL_RETRY_MINUTES); defaults in domain/requests/attempts.ts. */
  retry?: RetryPolicy;
  /** Waiting-time targets per priority, in minutes. */
  targetMinutes: Record<Priority, number>;
  now: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

export const QUEUE_PAGE = 50;
export { NOTE_PURPOSE };

/**
 * The operators' work on requests. Every read of personal data and every change writes an audit
 * event; logs carry request ids and outcomes, never contact details.
 */
export class Casework {
  constructor(private readonly deps: CaseworkDeps) {}

  private require(identity: StaffIdentity, permission: Permission): void {
    if (!can(identity, permission)) throw new ForbiddenError(permission);
  }

  private async audit(
    identity: StaffIdentity,
    id: string,
    action: string,
    details?: Record<string, string | number | boolean>,
  ) {
    await this.deps.audit.write({
      subject: auditSubject(id),
      actor: identity.sub,
      actorName: identity.name,
      action,
      at: this.deps.now().toISOString(),
      ...(details ? { details } : {}),
    });
  }

  private async load(id: string): Promise<CaseRequest> {
    const request = await this.deps.store.get(id);
    if (!request) throw new NotFoundError(id);
    return request;
  }

  private claimActive(r: CaseRequest): boolean {
    return Boolean(r.claim && r.claim.until > this.deps.now().getTime());
  }

  private facts(r: CaseRequest): CaseFacts {
    return caseFacts(r, this.deps.now().getTime());
  }

  /** Asks the one rule (case-access.ts) and throws its refusal. */
  private check(identity: StaffIdentity, action: CaseAction, r: CaseRequest): void {
    assertCaseAccess(identity, action, this.facts(r));
  }

  /**
   * The triage queue: contactable now (by priority, then waiting time) and "next safe window".
   * Filters apply to every open request before paging, so each page of a filtered list is complete.
   */
  async queue(
    identity: StaffIdentity,
    filters: QueueFilters = {},
    pages: { due?: number; later?: number } = {},
  ): Promise<QueuePage> {
    this.require(identity, 'queue:view');
    const { due, later } = await this.openEntries(filters);
    const slice = (all: QueueEntry[], requested = 1) => {
      const count = Math.max(1, Math.ceil(all.length / QUEUE_PAGE));
      const page = Math.min(Math.max(1, Math.floor(requested) || 1), count);
      return {
        entries: all.slice((page - 1) * QUEUE_PAGE, page * QUEUE_PAGE),
        paging: { page, pages: count, total: all.length },
      };
    };
    const dueSlice = slice(due, pages.due);
    const laterSlice = slice(later, pages.later);
    return {
      due: dueSlice.entries,
      later: laterSlice.entries,
      paging: { due: dueSlice.paging, later: laterSlice.paging },
      burst: [...due, ...later].filter((e) => e.request.burst).length,
      urgent: this.urgentOf(identity, due),
    };
  }

  /**
   * The queue's alert (polled by an open queue page): urgent requests contactable now that nobody
   * holds and this person may take, within the queue's filters. Ids and a count, nothing personal.
   */
  async urgentWaiting(identity: StaffIdentity, filters: QueueFilters = {}): Promise<UrgentWaiting> {
    this.require(identity, 'queue:view');
    // Polled by every open queue tab, so it reads only what can be urgent: contactable now, in the
    // lists of priorities 1 and 2. A request sits in the list of its triage priority (or of the
    // priority someone set), and waiting moves it up one level at most (effectivePriority).
    const { due } = await this.openEntries(filters, { due: [true], priorities: [1, 2] });
    return this.urgentOf(identity, due);
  }

  private urgentOf(identity: StaffIdentity, due: QueueEntry[]): UrgentWaiting {
    const now = this.deps.now().getTime();
    const ids = due
      .filter((e) => e.priority === 1 && !e.heldBy && mayCase(identity, 'claim', caseFacts(e.request, now)))
      .map((e) => e.request.id);
    // The list is sorted longest waiting first: the newest arrivals are at its end. A flood of
    // urgent requests keeps the answer small; the count stays exact.
    return { count: ids.length, ids: ids.slice(-URGENT_IDS_MAX) };
  }

  /**
   * Every open request that matches the filters, sorted, in its list (all pages): by default both
   * lists (contactable now, later) of every priority; `only` reads fewer.
   */
  private async openEntries(
    filters: QueueFilters,
    only: { due: readonly boolean[]; priorities: readonly Priority[] } = {
      due: [true, false],
      priorities: [1, 2, 3],
    },
  ): Promise<{ due: QueueEntry[]; later: QueueEntry[] }> {
    const now = this.deps.now();
    const nowIso = now.toISOString();
    const [due = [], later = []] = await Promise.all(
      [true, false].map(async (isDue) => {
        if (!only.due.includes(isDue)) return [];
        const lists = await Promise.all(only.priorities.map((p) => this.deps.store.queue(p, nowIso, isDue)));
        return lists
          .flat()
          .map((r) => this.entry(r, now.getTime()))
          .filter((e) => matches(e, filters))
          .sort((a, b) => a.priority - b.priority || b.waitingMinutes - a.waitingMinutes);
      }),
    );
    return { due, later };
  }

  private entry(r: CaseRequest, now: number): QueueEntry {
    const waiting = waitingClock(r, now);
    // A supervisor's or operator's override (with its reason) decides; otherwise the triage rule.
    const priority = r.priorityOverride ? r.priority : effectivePriority(r.facts, waiting.minutes / 60);
    return {
      request: r,
      priority,
      waiting,
      waitingMinutes: waiting.minutes,
      overdue: isOverdue(waiting, priority, this.deps.targetMinutes),
      child: isChild(r.facts.ageBand),
      timing: timingOf(r, now),
      ...(r.claim && r.claim.until > now ? { heldBy: r.claim.byName } : {}),
    };
  }

  /** Takes a request. Children's requests only for the child-protection group (principle P8). */
  async claim(identity: StaffIdentity, id: string): Promise<void> {
    this.require(identity, 'request:claim');
    const request = await this.load(id);
    this.check(identity, 'claim', request);
    if (!OPEN_STATUSES.includes(request.status)) throw new ForbiddenError('closed');
    const now = this.deps.now().getTime();
    await this.deps.store.claim(request, identity, now + this.deps.claimMinutes * 60_000, now);
    await this.audit(identity, id, 'claim');
    this.deps.log?.('console.claim', { requestId: id });
  }

  /** The holder of a live claim keeps the request for another CLAIM_MINUTES from now. */
  async extend(identity: StaffIdentity, id: string): Promise<void> {
    const request = await this.load(id);
    this.check(identity, 'work', request);
    if (request.claim?.by !== identity.sub || !this.claimActive(request))
      throw new ForbiddenError('not-holder');
    const now = this.deps.now().getTime();
    await this.deps.store.claim(request, identity, now + this.deps.claimMinutes * 60_000, now);
    await this.audit(identity, id, 'extend');
  }

  /**
   * Gives a request back to the queue. A handover note for the next operator is stored as a note
   * (encrypted, audited, deleted with the person's data) before the claim is given back.
   */
  async release(identity: StaffIdentity, id: string, handover?: string): Promise<void> {
    if (handover) await this.note(identity, id, handover, { handover: true });
    const request = await this.load(id);
    this.check(identity, 'work', request);
    await this.deps.store.release(request, this.deps.now().toISOString());
    await this.audit(identity, id, 'release', handover ? { handover: true } : undefined);
  }

  /** The requests I hold (live claims and ended ones nobody took), soonest ending first. */
  async mine(identity: StaffIdentity): Promise<QueueEntry[]> {
    this.require(identity, 'request:claim');
    const now = this.deps.now().getTime();
    return (await this.deps.store.heldBy(identity.sub))
      .filter((r) => OPEN_STATUSES.includes(r.status))
      .map((r) => this.entry(r, now))
      .sort((a, b) => (a.request.claim?.until ?? 0) - (b.request.claim?.until ?? 0));
  }

  /**
   * Finds a request by the reference code the person gives on the phone. The look-up is audited on
   * the request it found; what the page then shows follows the usual rules (contact details only
   * to the holder or a supervisor).
   */
  async findByCode(identity: StaffIdentity, codeInput: string): Promise<string | undefined> {
    this.require(identity, 'queue:view');
    const code = normalizeReferenceCode(codeInput);
    if (!code || !this.deps.requestIdForCode) return undefined;
    const id = await this.deps.requestIdForCode(code);
    const request = id ? await this.deps.store.get(id) : undefined;
    if (!request) {
      this.deps.log?.('console.find_by_code', { found: false });
      return undefined;
    }
    await this.audit(identity, request.id, 'find-by-code');
    this.deps.log?.('console.find_by_code', { found: true, requestId: request.id });
    return request.id;
  }

  /** Closed and withdrawn requests, newest first, filtered; no personal data in the rows. */
  async closedList(identity: StaffIdentity, filters: ClosedFilters, limit = 100): Promise<ClosedEntry[]> {
    this.require(identity, 'queue:view');
    const since = new Date(this.deps.now().getTime() - filters.days * 86_400_000).toISOString();
    return (await this.deps.store.closed(since, limit))
      .filter((r) => r.status === 'closed' || r.status === 'withdrawn')
      .filter((r) => !filters.status || r.status === filters.status)
      .filter((r) => !filters.reason || r.closeReason === filters.reason)
      .filter((r) => !filters.kind || (r.kind === 'check-in' ? 'check-in' : 'request') === filters.kind)
      .slice(0, limit)
      .map((r) => ({
        id: r.id,
        status: r.status as 'closed' | 'withdrawn',
        kind: r.kind === 'check-in' ? ('check-in' as const) : ('request' as const),
        closedAt: r.closedAt ?? r.withdrawnAt ?? r.updatedAt,
        closeReason: r.closeReason,
        priority: r.priority,
        child: isChild(r.facts.ageBand),
        languages: r.languages ?? [],
        country: r.country,
        province: r.province,
      }));
  }

  /**
   * Supervisor: give a request to another operator from the staff list. The one rule decides both
   * who may reassign and who may receive it (a known, active operator; for a child, one in the
   * child-protection group).
   */
  async reassign(identity: StaffIdentity, id: string, toSub: string): Promise<void> {
    this.require(identity, 'request:reassign');
    const request = await this.load(id);
    this.check(identity, 'reassign', request);
    if (!OPEN_STATUSES.includes(request.status)) throw new ForbiddenError('closed');
    const target = await this.deps.staff.get(toSub);
    const decision = reassignTarget(target, this.facts(request));
    if (!decision.allowed || !target) {
      this.deps.log?.('console.reassign_refused', {
        requestId: id,
        reason: decision.allowed ? 'unknown' : decision.reason,
      });
      throw new CaseAccessRefused(decision.allowed ? 'unknown' : decision.reason);
    }
    const now = this.deps.now().getTime();
    if (request.claim) await this.deps.store.release(request, new Date(now).toISOString());
    await this.deps.store.claim(
      await this.load(id),
      { sub: target.sub, name: target.name },
      now + this.deps.claimMinutes * 60_000,
      now,
    );
    await this.audit(identity, id, 'reassign', { to: target.sub });
  }

  /** The staff who may receive this request, by name (for the reassign list). */
  private async reassignTargets(request: CaseRequest): Promise<{ sub: string; name: string }[]> {
    const facts = this.facts(request);
    return (await this.deps.staff.list())
      .filter((m) => reassignTarget(m, facts).allowed)
      .map((m) => ({ sub: m.sub, name: m.name }));
  }

  /**
   * Opens a request. For its holder (or a supervisor) this decrypts the contact details: the
   * safe-contact card. That read is audited before anything is shown.
   */
  /**
   * One request as the viewer may see it. `markSeen` (a page view, not a form shown again after a
   * refused action) clears the person's "updated" mark for someone who may work the request.
   */
  async open(identity: StaffIdentity, id: string, options: { markSeen?: boolean } = {}): Promise<OpenCase> {
    this.require(identity, 'queue:view');
    const request = await this.load(id);
    const claimActive = this.claimActive(request);
    const facts = this.facts(request);
    const mayWork = caseAccess(identity, 'open-card', facts).allowed;
    const claimDecision = caseAccess(identity, 'claim', facts);
    const mayReassign = caseAccess(identity, 'reassign', facts).allowed;
    const mayReadHistory = caseAccess(identity, 'history', facts).allowed;
    const now = this.deps.now().getTime();
    const heldByMe = request.claim?.by === identity.sub;
    const base: OpenCase = {
      request,
      messages: [],
      activity: [],
      mayWork,
      mayClaim: claimDecision.allowed && OPEN_STATUSES.includes(request.status),
      mayReopen: caseAccess(identity, 'reopen', facts).allowed && reopenRefusal(request) === undefined,
      childOnly: !claimDecision.allowed && claimDecision.reason === 'child-protection',
      ...(mayReassign && OPEN_STATUSES.includes(request.status)
        ? { reassignTargets: await this.reassignTargets(request) }
        : {}),
      claimActive,
      heldByMe,
      ...(request.claim ? { claimUntil: request.claim.until } : {}),
      myClaimEnded: heldByMe && !claimActive && OPEN_STATUSES.includes(request.status),
      mayReadHistory,
      mayDecide: Boolean(request.needsSupervisor) && caseAccess(identity, 'decide', facts).allowed,
      ...this.safeguardingView(identity, request, mayWork),
      ...(request.personUpdate ? { personUpdate: request.personUpdate } : {}),
      child: facts.child,
      timing: timingOf(request, now),
      waiting: waitingClock(request, now),
    };
    if (!mayWork) {
      // Without the card: the history, for anyone the rule lets read it (not a child's, outside the group).
      return mayReadHistory ? { ...base, activity: await this.readActivity(identity, request) } : base;
    }
    // The person's changes are now seen by someone who can act on them.
    if (request.personUpdate && options.markSeen !== false)
      await this.deps.store.clearPersonUpdate(id, request.personUpdate.at);
    await this.audit(identity, id, 'view-contact');
    // A check-in's contact details are its follow-up's, encrypted under the follow-up's id.
    const checkIn = request.kind === 'check-in' && request.followupId ? request.followupId : undefined;
    const ciphertext = checkIn
      ? await this.deps.followupCiphertext?.(checkIn)
      : await this.deps.store.personalCiphertext(id);
    const context = checkIn
      ? { requestId: checkIn, purpose: FOLLOWUP_PURPOSE }
      : { requestId: id, purpose: PII_PURPOSE };
    let contact = ciphertext
      ? ((await this.deps.decrypt(ciphertext, context)) as unknown as ContactCard)
      : undefined;
    // A check-in linked to a request: that request's message, code word and what to say if someone
    // else answers go with the follow-up's channel and handle.
    if (checkIn && request.linkedRequestId && contact) {
      const linked = await this.deps.store.personalCiphertext(request.linkedRequestId);
      if (linked) {
        const original = (await this.deps.decrypt(linked, {
          requestId: request.linkedRequestId,
          purpose: PII_PURPOSE,
        })) as unknown as ContactCard;
        contact = {
          ...contact,
          ...(original.codeWord ? { codeWord: original.codeWord } : {}),
          ...(original.ifSomeoneElseAnswers ? { ifSomeoneElseAnswers: original.ifSomeoneElseAnswers } : {}),
          ...(original.message ? { message: original.message } : {}),
        };
      }
    }
    const messages = await Promise.all(
      (await this.deps.store.messages(id)).map(async (m) => ({
        at: m.at,
        text: String(
          (await this.deps.decrypt(m.ciphertext, { requestId: id, purpose: MESSAGE_PURPOSE })).message ?? '',
        ),
      })),
    );
    const checkInHistory = checkIn ? await this.deps.followupHistory?.(checkIn) : undefined;
    return {
      ...base,
      ...(contact ? { contact } : {}),
      ...(checkInHistory ? { checkInHistory } : {}),
      messages,
      activity: await this.readActivity(identity, request),
    };
  }

  /**
   * The request's activity with its notes decrypted; showing notes is audited first. Once the
   * person deleted their data the staff notes are not shown (the erase-notes job deletes them).
   */
  private async readActivity(identity: StaffIdentity, request: CaseRequest): Promise<Activity[]> {
    const id = request.id;
    const activity = await this.deps.store.activity(id, { staffNotes: !request.dataDeletedAt });
    const notes = activity.filter((a) => a.kind === 'NOTE');
    if (notes.length) await this.audit(identity, id, 'view-notes', { notes: notes.length });
    return Promise.all(
      activity.map(async (a) => {
        if (a.kind !== 'NOTE' || !a.ciphertext) return a;
        const { ciphertext: _c, ttl: _t, ...rest } = a;
        const plain = await this.deps.decrypt(a.ciphertext, { requestId: id, purpose: NOTE_PURPOSE });
        return { ...rest, text: String(plain.text ?? '') };
      }),
    );
  }

  private async working(identity: StaffIdentity, id: string): Promise<CaseRequest> {
    const request = await this.load(id);
    this.check(identity, 'work', request);
    return request;
  }

  private stamp(identity: StaffIdentity) {
    return { at: this.deps.now().toISOString(), by: identity.sub, byName: identity.name };
  }

  /** Logs a contact attempt and schedules the next one inside the person's safe windows. */
  async attempt(identity: StaffIdentity, id: string, outcome: AttemptOutcome): Promise<void> {
    const r = await this.working(identity, id);
    const now = this.deps.now();
    const decision = decideAfterAttempt({
      outcome,
      mayLeaveMessage: r.mayLeaveMessage,
      safeWindows: r.safeWindows ?? [],
      timeZone: r.timeZone,
      unsuccessfulInARow: r.unsuccessfulInARow ?? 0,
      maxUnsuccessful: this.deps.maxUnsuccessful,
      now: now.getTime(),
      // Priority 1 (in danger now, or a child; a supervisor's override counts) is tried again sooner.
      urgent: r.priority === 1,
      ...(this.deps.retry ? { retry: this.deps.retry } : {}),
    });
    if (decision.kind === 'rejected') throw new MessageNotAllowedError(id);
    if (decision.status !== r.status) assertTransition(r.status, decision.status);
    const changes: Record<string, unknown> = {
      status: decision.status,
      attempts: (r.attempts ?? 0) + 1,
      unsuccessfulInARow: decision.unsuccessfulInARow,
      lastAttempt: { outcome, at: now.toISOString() },
      ...(r.firstAttemptAt ? {} : { firstAttemptAt: now.toISOString() }),
      ...(outcome === 'reached' && !r.reachedAt ? { reachedAt: now.toISOString() } : {}),
      updatedAt: now.toISOString(),
    };
    const remove: string[] = [];
    if (decision.kind === 'retry') {
      const next = new Date(decision.nextContactableAt).toISOString();
      Object.assign(changes, { nextContactableAt: next, ...queueIndex({ ...r, nextContactableAt: next }) });
      // The holder keeps the request to write a handover note and give it back for the next try
      // (or the claim ends by itself after CLAIM_MINUTES); the card shows when that try is.
    }
    if (decision.kind === 'to-supervisor') {
      changes.needsSupervisor = true;
      remove.push('claim', 'gsi2pk', 'gsi2sk');
    }
    await this.deps.store.recordActivity(
      r,
      { kind: 'ATTEMPT', outcome, ...this.stamp(identity) },
      changes,
      remove,
    );
    await this.audit(identity, id, 'attempt', { outcome });
    this.deps.log?.('console.attempt', { requestId: id, outcome });
    if (!r.firstAttemptAt)
      await this.countReport(r, {
        kind: 'first-attempt',
        minutes: (now.getTime() - Date.parse(r.createdAt)) / 60_000,
      });
    if (outcome === 'reached' && !r.reachedAt) {
      const windows = r.safeWindows ?? [];
      // No limits given: any time is safe for this person.
      const inSafeWindow = !windows.length || Boolean(openWindowAt(windows, r.timeZone, now.getTime()));
      await this.countReport(r, { kind: 'reached', inSafeWindow });
    }
  }

  /**
   * Notes are encrypted like contact details, expire with the person's data, are deleted by
   * "delete my data", and every view of them is audited.
   */
  async note(
    identity: StaffIdentity,
    id: string,
    text: string,
    options: { handover?: boolean } = {},
  ): Promise<void> {
    const r = await this.working(identity, id);
    const now = this.deps.now();
    await this.deps.store.recordActivity(r, await this.noteActivity(identity, id, text, now, options), {
      updatedAt: now.toISOString(),
    });
    await this.audit(identity, id, options.handover ? 'handover-note' : 'note');
  }

  /** A note as stored: the text encrypted, expiring with the person's data. */
  private async noteActivity(
    identity: StaffIdentity,
    id: string,
    text: string,
    now: Date,
    options: { handover?: boolean } = {},
  ): Promise<Activity> {
    const ciphertext = await this.deps.encrypt({ text }, { requestId: id, purpose: NOTE_PURPOSE });
    return {
      kind: 'NOTE',
      ciphertext,
      ttl: Math.floor(now.getTime() / 1000) + this.deps.retentionDays * 86_400,
      ...(options.handover ? { handover: true } : {}),
      ...this.stamp(identity),
    };
  }

  async recordNeeds(identity: StaffIdentity, id: string, needs: string[]): Promise<void> {
    const r = await this.working(identity, id);
    await this.deps.store.recordActivity(
      r,
      { kind: 'EVENT', event: 'needs', text: needs.join(', '), ...this.stamp(identity) },
      { statedNeeds: needs, updatedAt: this.deps.now().toISOString() },
    );
    await this.audit(identity, id, 'needs');
  }

  /** A referral to a directory service, only with the person's consent to share with that service. */
  async refer(identity: StaffIdentity, id: string, serviceId: string, consent: boolean): Promise<void> {
    if (!consent) throw new ConsentRequiredError(id);
    const r = await this.working(identity, id);
    const service = (await this.deps.directory.get()).getService(serviceId);
    if (!service) throw new NotFoundError(serviceId);
    const now = this.deps.now().toISOString();
    const status: RequestStatus = 'referred';
    // The holder is working it now: a taken or waiting request is in progress when referred.
    const working = r.status === 'claimed' || r.status === 'waiting' ? 'in-progress' : r.status;
    if (r.status !== status) assertTransition(working, status);
    await this.deps.store.recordActivity(
      r,
      { kind: 'REFERRAL', serviceId, consentAt: now, ...this.stamp(identity) },
      { status, updatedAt: now },
    );
    await this.audit(identity, id, 'refer', { serviceId });
    await this.countReport(r, { kind: 'referral', areas: service.areas ?? [] });
  }

  /**
   * A priority change: the reason is a word from PRIORITY_REASONS, kept on the request item and in
   * its history; details the operator typed go into an encrypted note (NOTE#<id>) in the same
   * transaction, never onto the request item.
   */
  async overridePriority(
    identity: StaffIdentity,
    id: string,
    priority: Priority,
    reason: PriorityReason,
    details?: string,
  ): Promise<void> {
    if (!isPriorityReason(reason)) throw new RangeError('priority reason must be a word from the list');
    const r = await this.working(identity, id);
    const now = this.deps.now();
    const at = now.toISOString();
    const keys = queueIndex({ ...r, priority });
    const note = details?.trim() ? await this.noteActivity(identity, id, details.trim(), now) : undefined;
    await this.deps.store.recordActivity(
      r,
      [
        {
          kind: 'EVENT',
          event: 'priority',
          text: `${r.priority} → ${priority}`,
          reason,
          ...this.stamp(identity),
        },
        ...(note ? [note] : []),
      ],
      {
        priority,
        priorityOverride: { by: identity.sub, reason, at },
        updatedAt: at,
        ...(OPEN_STATUSES.includes(r.status) ? keys : {}),
      },
    );
    await this.audit(identity, id, 'priority', {
      from: r.priority,
      to: priority,
      reason,
      note: Boolean(note),
    });
  }

  async setStatus(identity: StaffIdentity, id: string, to: RequestStatus): Promise<void> {
    const r = await this.working(identity, id);
    assertTransition(r.status, to);
    await this.deps.store.recordActivity(
      r,
      { kind: 'EVENT', event: 'status', text: `${r.status} → ${to}`, ...this.stamp(identity) },
      { status: to, updatedAt: this.deps.now().toISOString() },
    );
    await this.audit(identity, id, 'status', { to });
  }

  /**
   * Closes with an outcome from a list that has no "failure" ("helped" only after a contact attempt)
   * and a short wrap-up; the request leaves the queue for the list of closed requests.
   */
  async close(identity: StaffIdentity, id: string, reason: CloseReason, summary = ''): Promise<void> {
    const r = await this.working(identity, id);
    assertTransition(r.status, 'closed');
    if (closeRefusal(reason, r.attempts ?? 0)) throw new CloseRefusedError(reason);
    const now = this.deps.now().toISOString();
    await this.deps.store.recordActivity(
      r,
      {
        kind: 'EVENT',
        event: 'close',
        reason,
        ...(summary ? { text: summary } : {}),
        ...this.stamp(identity),
      },
      { status: 'closed', closeReason: reason, closedAt: now, updatedAt: now, ...closedIndex(now, id) },
      ['gsi2pk', 'gsi2sk', 'claim', 'personUpdate', 'needsSupervisor'],
    );
    await this.audit(identity, id, 'close', { reason });
    await this.countReport(r, { kind: 'close', reason });
  }

  /** Whether this person may close this request with this outcome; throws the refusal. */
  async checkClose(identity: StaffIdentity, id: string, reason: CloseReason | undefined): Promise<void> {
    const r = await this.working(identity, id);
    if (reason && closeRefusal(reason, r.attempts ?? 0)) throw new CloseRefusedError(reason);
  }

  /**
   * Supervisor: the decision for a request that needs one (too many unsuccessful tries, or a wrong
   * number): try again from the next safe window, the same after correcting the contact details,
   * or close it. Recorded in the history and the audit trail; the "needs a supervisor" mark goes.
   */
  async decide(
    identity: StaffIdentity,
    id: string,
    decision: SupervisorDecision,
    details: {
      contact?: { channel: string; handle: string };
      close?: { reason: CloseReason; summary: string };
    } = {},
  ): Promise<void> {
    const r = await this.load(id);
    this.check(identity, 'decide', r);
    if (!r.needsSupervisor || !OPEN_STATUSES.includes(r.status)) throw new NoDecisionNeededError(id);
    if (decision === 'close') {
      const close = details.close;
      if (!close) throw new NoDecisionNeededError(id);
      if (closeRefusal(close.reason, r.attempts ?? 0)) throw new CloseRefusedError(close.reason);
      const now = this.deps.now().toISOString();
      assertTransition(r.status, 'closed');
      await this.deps.store.recordActivity(
        r,
        {
          kind: 'EVENT',
          event: 'decision',
          reason: 'close',
          ...(close.summary ? { text: close.summary } : {}),
          ...this.stamp(identity),
        },
        {
          status: 'closed',
          closeReason: close.reason,
          closedAt: now,
          updatedAt: now,
          ...closedIndex(now, id),
        },
        ['gsi2pk', 'gsi2sk', 'claim', 'personUpdate', 'needsSupervisor'],
      );
      await this.audit(identity, id, 'decision', { decision, reason: close.reason });
      await this.countReport(r, { kind: 'close', reason: close.reason });
      return;
    }
    if (decision === 'correct-contact') {
      const contact = details.contact;
      if (!contact) throw new NoDecisionNeededError(id);
      // The corrected details replace the channel and handle; code word and the rest stay.
      const current = await this.deps.store.personalCiphertext(id);
      const before = current ? await this.deps.decrypt(current, { requestId: id, purpose: PII_PURPOSE }) : {};
      await this.audit(identity, id, 'view-contact');
      const ciphertext = await this.deps.encrypt(
        { ...before, channel: contact.channel, handle: contact.handle },
        { requestId: id, purpose: PII_PURPOSE },
      );
      const ttl = Math.floor(this.deps.now().getTime() / 1000) + this.deps.retentionDays * 86_400;
      await this.deps.store.replacePersonal(id, contact.channel, ciphertext, ttl);
    }
    const now = this.deps.now();
    const fresh = await this.load(id);
    const next = new Date(
      nextSafeInstant(fresh.safeWindows ?? [], fresh.timeZone, now.getTime()),
    ).toISOString();
    await this.deps.store.recordActivity(
      fresh,
      { kind: 'EVENT', event: 'decision', reason: decision, ...this.stamp(identity) },
      {
        // Nobody holds it after the decision: a claimed request waits for the next shift.
        ...(fresh.status === 'claimed' ? { status: 'waiting' } : {}),
        unsuccessfulInARow: 0,
        nextContactableAt: next,
        updatedAt: now.toISOString(),
        ...queueIndex({ ...fresh, nextContactableAt: next }),
      },
      ['needsSupervisor', 'claim', 'gsi2pk', 'gsi2sk'],
    );
    await this.audit(identity, id, 'decision', { decision });
  }

  /** The safeguarding part of a request's view: offered only for the configured triggers. */
  private safeguardingView(
    identity: StaffIdentity,
    request: CaseRequest,
    mayWork: boolean,
  ): Pick<OpenCase, 'safeguarding'> {
    const trigger = safeguardingTrigger(request.facts, this.safeguardingTriggers());
    if (!trigger || !OPEN_STATUSES.includes(request.status)) return {};
    const pending = request.safeguarding?.state === 'pending';
    return {
      safeguarding: {
        trigger,
        mayEscalate: mayWork && !pending,
        mayDecide: pending && caseAccess(identity, 'decide', this.facts(request)).allowed,
      },
    };
  }

  private safeguardingTriggers(): readonly SafeguardingTrigger[] {
    return this.deps.safeguardingTriggers ?? SAFEGUARDING_TRIGGERS;
  }

  /**
   * Safeguarding, step 1: the operator working a request the deployment names (a child's, someone
   * in danger now) asks a supervisor to decide. The holder keeps the request; the queue and the
   * supervisors' page show the mark; the log event (no personal data) is what an alarm counts.
   */
  async escalate(identity: StaffIdentity, id: string, reason: SafeguardingReason): Promise<void> {
    const r = await this.working(identity, id);
    const trigger = safeguardingTrigger(r.facts, this.safeguardingTriggers());
    if (!trigger || !OPEN_STATUSES.includes(r.status)) throw new ForbiddenError('not-a-safeguarding-case');
    if (r.safeguarding?.state === 'pending') throw new NoDecisionNeededError('already-escalated');
    const stamp = this.stamp(identity);
    const safeguarding: Safeguarding = { state: 'pending', trigger, reason, at: stamp.at, by: identity.sub };
    await this.deps.store.recordActivity(
      r,
      { kind: 'EVENT', event: 'escalate', reason, ...stamp },
      { safeguarding, updatedAt: stamp.at },
    );
    await this.audit(identity, id, 'escalate', { trigger, reason });
    this.deps.log?.('console.safeguarding_escalated', { requestId: id, trigger, reason });
  }

  /** Safeguarding, step 2: a supervisor records what was decided; the mark clears. */
  async decideSafeguarding(identity: StaffIdentity, id: string, action: SafeguardingAction): Promise<void> {
    const r = await this.load(id);
    this.check(identity, 'decide', r);
    if (r.safeguarding?.state !== 'pending') throw new NoDecisionNeededError(id);
    const stamp = this.stamp(identity);
    const safeguarding: Safeguarding = {
      ...r.safeguarding,
      state: 'decided',
      action,
      decidedAt: stamp.at,
      decidedBy: identity.sub,
    };
    await this.deps.store.recordActivity(
      r,
      { kind: 'EVENT', event: 'safeguarding-decision', reason: action, ...stamp },
      { safeguarding, updatedAt: stamp.at },
    );
    await this.audit(identity, id, 'safeguarding-decision', { action });
    this.deps.log?.('console.safeguarding_decided', { requestId: id, action });
  }

  /**
   * Reopens a request an operator closed: back in the queue at its priority. A request the person
   * withdrew or whose data they deleted stays closed (they can start again with a new request).
   */
  async reopen(identity: StaffIdentity, id: string): Promise<void> {
    this.require(identity, 'request:work');
    const r = await this.load(id);
    this.check(identity, 'reopen', r);
    const refusal = reopenRefusal(r);
    if (refusal) throw new ForbiddenError(refusal);
    assertTransition(r.status, 'new');
    const now = this.deps.now().toISOString();
    await this.deps.store.recordActivity(
      r,
      { kind: 'EVENT', event: 'reopen', ...this.stamp(identity) },
      {
        status: 'new',
        updatedAt: now,
        nextContactableAt: now,
        ...queueIndex({ ...r, nextContactableAt: now }),
      },
      ['closeReason', 'closedAt'],
    );
    await this.audit(identity, id, 'reopen');
  }

  /** Supervisor: who looked at and changed a request. Looking at the trail is audited too. */
  async trail(identity: StaffIdentity, id: string) {
    this.require(identity, 'audit:view');
    this.check(identity, 'audit', await this.load(id));
    const events = await this.deps.audit.trail(auditSubject(id));
    await this.audit(identity, id, 'view-audit');
    return events;
  }

  /**
   * Anonymous reporting counters of a callback request (not of a check-in: those have their own
   * outcome counts), under its week of arrival. A failure is logged and never stops the casework.
   */
  private async countReport(r: CaseRequest, event: ReportEvent): Promise<void> {
    if (r.kind === 'check-in') return;
    await this.deps.store
      .countReport(reportWeek(new Date(r.createdAt)), reportCells(r), reportCounters(event))
      .catch((error: Error) => this.deps.log?.('console.report_count_failed', { error: error.name }));
  }

  /**
   * Supervisors and admins: the reporting figures for some weeks, a region and a language, small
   * counts suppressed (domain/requests/reporting.ts). Every view and every download is audited
   * with the filters used, so that a series of narrow looks can be seen afterwards.
   */
  async report(
    identity: StaffIdentity,
    filters: ReportFilters,
    weeks: readonly string[],
    purpose: 'view' | 'export',
  ): Promise<Report> {
    this.require(identity, 'aggregates:view');
    const counters = await this.deps.store.reportCounters(weeks, {
      region: filters.region,
      language: filters.language,
    });
    const report = buildReport(filters, weeks, counters);
    await this.deps.audit.write({
      subject: REPORTS_AUDIT_SUBJECT,
      actor: identity.sub,
      actorName: identity.name,
      action: purpose === 'export' ? 'export-report' : 'view-report',
      at: this.deps.now().toISOString(),
      details: { ...filters },
    });
    return report;
  }

  /** Supervisor: requests held per operator and the overdue ones. */
  async workload(identity: StaffIdentity) {
    this.require(identity, 'workload:view');
    const held = await this.deps.store.held();
    const now = this.deps.now().getTime();
    const perOperator = new Map<string, { name: string; held: number; expired: number }>();
    for (const r of held) {
      if (!r.claim) continue;
      const row = perOperator.get(r.claim.by) ?? { name: r.claim.byName, held: 0, expired: 0 };
      if (r.claim.until > now) row.held++;
      else row.expired++;
      perOperator.set(r.claim.by, row);
    }
    const { due, later } = await this.openEntries({});
    const open = [...due, ...later];
    const overdue = open.filter(
      (e) => e.overdue || e.request.needsSupervisor || e.request.safeguarding?.state === 'pending',
    );
    // Requests sent in a burst from one connection: a count, never who or from where.
    const burst = open.filter((e) => e.request.burst).length;
    return { operators: [...perOperator.entries()].map(([sub, v]) => ({ sub, ...v })), overdue, burst };
  }

  /** Counts per kind of help, region, language and week; counts under five shown as "<5". */
  async aggregates(identity: StaffIdentity, weeks = 8) {
    this.require(identity, 'aggregates:view');
    const now = this.deps.now();
    const rows: { week: string; dimension: string; value: string; count: DisplayCount }[] = [];
    for (let i = 0; i < weeks; i++) {
      const week = isoWeek(new Date(now.getTime() - i * 7 * 86_400_000));
      for (const s of await this.deps.store.stats(week)) {
        const [dimension = '', value = ''] = s.dimension.split('#');
        rows.push({ week, dimension, value, count: suppressSmall(s.count) });
      }
    }
    // Self-assessed reintegration outcomes, counted per quarter (this one and the one before).
    for (const offset of [0, 92]) {
      const quarter = quarterOf(new Date(now.getTime() - offset * 86_400_000));
      for (const st of await this.deps.store.stats(quarter)) {
        if (!st.dimension.startsWith('outcome#')) continue;
        rows.push({
          week: quarter,
          dimension: 'outcome',
          value: st.dimension.slice('outcome#'.length),
          count: suppressSmall(st.count),
        });
      }
    }
    return rows;
  }
}

/** At most this many request ids in the queue's alert (the newest): enough to tell what is new. */
const URGENT_IDS_MAX = 100;

/** The card's and the queue's timing of a request: one rule (domain/requests/attempts.ts). */
function timingOf(r: CaseRequest, now: number): ContactTiming {
  return contactTiming({
    windows: r.safeWindows ?? [],
    timeZone: r.timeZone,
    now,
    nextContactableAt: r.nextContactableAt ? Date.parse(r.nextContactableAt) : undefined,
    lastAttempt: r.lastAttempt
      ? { outcome: r.lastAttempt.outcome, at: Date.parse(r.lastAttempt.at) }
      : undefined,
  });
}

function matches(e: QueueEntry, f: QueueFilters): boolean {
  const r = e.request;
  if (f.language && !(r.languages ?? []).includes(f.language)) return false;
  if (f.languages && !(r.languages ?? []).some((l) => f.languages?.includes(l))) return false;
  if (
    f.region &&
    !(r.province === f.region || r.country === f.region || r.province?.startsWith(`${f.region}-`))
  )
    return false;
  if (f.child !== undefined && e.child !== f.child) return false;
  if (f.operatorGender && (r.operatorGender ?? 'any') !== f.operatorGender) return false;
  return true;
}
