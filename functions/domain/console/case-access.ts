import { type AgeBand, isChild } from '../requests/priority.js';
import { can, type Permission, type Role, type StaffIdentity } from './roles.js';

/**
 * The one rule that decides who may see or act on a request or a follow-up check-in (principles
 * P6 and P8). Every casework path, the follow-up check-in handling and the console pages ask
 * `caseAccess`; nothing else decides.
 *
 * A case is a child's when the person said they are under 18 or are not sure; a check-in carries
 * the age band of the request it follows. For a child's case every action, by operators and
 * supervisors alike, needs the child-protection group; for a reassignment the person who receives
 * it must be in the group too.
 *
 *   claim            take the case (operators and supervisors)
 *   open-card        see the safe-contact card and messages: the holder with a live claim, or a supervisor
 *   work             log attempts, notes, needs, referrals, priority, status, close, release, record a check-in
 *   reassign         give the case to someone else (supervisors)
 *   reopen           put a closed case back in the queue
 *   audit            read the case's audit trail (supervisors; names staff and actions only, no personal data)
 *   history          read the case's history (attempts, notes, handover notes, referrals, events) without
 *                    holding it: any operator or supervisor, e.g. after finding it by reference code
 *   decide           decide what happens to a case that needs a supervisor (retry, correct contact, close)
 */
export const CASE_ACTIONS = [
  'claim',
  'open-card',
  'work',
  'reassign',
  'reopen',
  'audit',
  'history',
  'decide',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface CaseFacts {
  child: boolean;
  /** Who holds the case, and whether that claim is still live. */
  holder?: string | undefined;
  claimActive: boolean;
}

export type CaseRefusal = 'role' | 'child-protection' | 'not-holder';
export type CaseDecision = { allowed: true } | { allowed: false; reason: CaseRefusal };

const PERMISSION: Record<CaseAction, Permission> = {
  claim: 'request:claim',
  'open-card': 'request:work',
  work: 'request:work',
  reassign: 'request:reassign',
  reopen: 'request:work',
  audit: 'audit:view',
  history: 'queue:view',
  decide: 'request:reassign',
};

/** Actions that reach only the holder of a live claim, unless the actor is a supervisor. */
const HOLDER_ONLY: ReadonlySet<CaseAction> = new Set(['open-card', 'work']);
/** The audit trail holds no personal data: any supervisor may read it, also for a child. */
const CHILD_OPEN: ReadonlySet<CaseAction> = new Set(['audit']);

const ALLOWED: CaseDecision = { allowed: true };
const refuse = (reason: CaseRefusal): CaseDecision => ({ allowed: false, reason });

export function caseAccess(actor: StaffIdentity, action: CaseAction, facts: CaseFacts): CaseDecision {
  if (!can(actor, PERMISSION[action])) return refuse('role');
  if (facts.child && !actor.childProtection && !CHILD_OPEN.has(action)) return refuse('child-protection');
  if (HOLDER_ONLY.has(action) && !actor.roles.includes('supervisor')) {
    if (!facts.claimActive || facts.holder !== actor.sub) return refuse('not-holder');
  }
  return ALLOWED;
}

export function mayCase(actor: StaffIdentity, action: CaseAction, facts: CaseFacts): boolean {
  return caseAccess(actor, action, facts).allowed;
}

/** A staff member as the staff list knows them: the candidate receiving a reassigned case. */
export interface StaffCandidate {
  sub: string;
  roles: Role[];
  childProtection: boolean;
  active: boolean;
}

export type TargetRefusal = 'unknown' | 'inactive' | 'not-operator' | 'target-not-child-protection';
export type TargetDecision = { allowed: true } | { allowed: false; reason: TargetRefusal };

/**
 * Who may receive a reassigned case: a known, active operator; for a child's case, one in the
 * child-protection group. Part of the same rule: it is what `claim` would ask of that person.
 */
export function reassignTarget(candidate: StaffCandidate | undefined, facts: CaseFacts): TargetDecision {
  if (!candidate) return { allowed: false, reason: 'unknown' };
  if (!candidate.active) return { allowed: false, reason: 'inactive' };
  if (!candidate.roles.includes('operator')) return { allowed: false, reason: 'not-operator' };
  const asClaimer: StaffIdentity = {
    sub: candidate.sub,
    name: candidate.sub,
    roles: candidate.roles,
    childProtection: candidate.childProtection,
  };
  const decision = caseAccess(asClaimer, 'claim', { ...facts, holder: undefined, claimActive: false });
  if (!decision.allowed) return { allowed: false, reason: 'target-not-child-protection' };
  return { allowed: true };
}

/** The facts the rule needs, from a request or check-in as stored. */
export function caseFacts(
  request: { facts: { ageBand: AgeBand }; claim?: { by: string; until: number } | undefined },
  now: number,
): CaseFacts {
  return {
    child: isChild(request.facts.ageBand),
    holder: request.claim?.by,
    claimActive: Boolean(request.claim && request.claim.until > now),
  };
}

/** Thrown when the rule refuses; the console shows the reason (the child-protection one by name). */
export class CaseAccessRefused extends Error {
  override name = 'CaseAccessRefused';
  constructor(readonly reason: CaseRefusal | TargetRefusal) {
    super(reason);
  }
}

export function assertCaseAccess(actor: StaffIdentity, action: CaseAction, facts: CaseFacts): void {
  const decision = caseAccess(actor, action, facts);
  if (!decision.allowed) throw new CaseAccessRefused(decision.reason);
}
