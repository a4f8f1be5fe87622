import { isChild, type TriageFacts } from './priority.js';

/**
 * Safeguarding escalation: for the requests a deployment names (by default a child's, and one from
 * someone in danger now), the operator can ask a supervisor to decide, and the decision is
 * recorded. The path, step by step (docs/safeguarding.md):
 *
 *   1. The operator working the request presses "Ask a supervisor to decide (safeguarding)" and
 *      says why, with a word from SAFEGUARDING_REASONS (no free text: details go in a note, which
 *      is encrypted). The request is marked in the queue and on the supervisors' workload page,
 *      and a log event without personal data lets the deployment's alarm notify the supervisors
 *      on duty.
 *   2. Work on the request goes on meanwhile: the holder keeps it. Escalating is not handing over.
 *   3. A supervisor (in the child-protection group for a child's request, as for every action on
 *      it) records the decision, a word from SAFEGUARDING_ACTIONS; the mark clears. Both steps
 *      are in the request's history and the audit trail.
 *
 * Which requests may be escalated is configuration (`SAFEGUARDING_ESCALATION`): a list of
 * triggers, or `none`. A request that matches no configured trigger cannot be escalated this way
 * (the "needs a supervisor" path after repeated failed tries is separate and always on).
 */
export const SAFEGUARDING_TRIGGERS = ['child', 'danger-now'] as const;
export type SafeguardingTrigger = (typeof SAFEGUARDING_TRIGGERS)[number];

/** Why the operator asks for a supervisor's decision. */
export const SAFEGUARDING_REASONS = [
  'immediate-danger',
  'child-at-risk',
  'harm-disclosed',
  'unsure-what-to-do',
] as const;
export type SafeguardingReason = (typeof SAFEGUARDING_REASONS)[number];

/** What the supervisor decided. */
export const SAFEGUARDING_ACTIONS = [
  'emergency-services',
  'child-protection-referral',
  'safety-plan',
  'continue-as-planned',
] as const;
export type SafeguardingAction = (typeof SAFEGUARDING_ACTIONS)[number];

/** The escalation as kept on the request: words from the lists above, who and when. */
export interface Safeguarding {
  state: 'pending' | 'decided';
  trigger: SafeguardingTrigger;
  reason: SafeguardingReason;
  at: string;
  by: string;
  action?: SafeguardingAction;
  decidedAt?: string;
  decidedBy?: string;
}

/**
 * The configured trigger this request matches (a child's first: the stricter rules), or
 * undefined when escalation is not offered for it.
 */
export function safeguardingTrigger(
  facts: Pick<TriageFacts, 'ageBand' | 'dangerNow'>,
  enabled: readonly SafeguardingTrigger[],
): SafeguardingTrigger | undefined {
  if (enabled.includes('child') && isChild(facts.ageBand)) return 'child';
  if (enabled.includes('danger-now') && facts.dangerNow) return 'danger-now';
  return undefined;
}

/** `SAFEGUARDING_ESCALATION`: "child,danger-now" (the default), "child", "danger-now" or "none". */
export function parseSafeguardingTriggers(value: string): SafeguardingTrigger[] | undefined {
  const words = value
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return [];
  if (words.length === 0) return undefined;
  if (!words.every((w) => (SAFEGUARDING_TRIGGERS as readonly string[]).includes(w))) return undefined;
  return [...new Set(words)] as SafeguardingTrigger[];
}
