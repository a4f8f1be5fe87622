import type { Context } from 'hono';
import type { ConsoleContext } from '../../../web/console/layout.js';
import { CaseAccessRefused } from '../../domain/console/case-access.js';
import type { StaffIdentity } from '../../domain/console/roles.js';
import type { StaffSession } from '../../domain/console/staff.js';
import {
  ClaimTakenError,
  CloseRefusedError,
  ConsentRequiredError,
  ForbiddenError,
  MessageNotAllowedError,
  NoDecisionNeededError,
  NotFoundError,
  StaleRequestError,
} from '../../domain/errors.js';
import { CLOSE_REASONS, type CloseReason } from '../../domain/requests/attempts.js';
import { InvalidTransitionError } from '../../domain/requests/lifecycle.js';

/**
 * What the console's route files share: the variables the session check sets, the page context
 * (built once per request), form reading, and the one mapping from domain errors to answers.
 */
export type ConsoleEnv = {
  Variables: {
    session: StaffSession;
    identity: StaffIdentity;
    /** The languages on the staff record, for the queue's "my languages". */
    languages: string[];
  };
};

/** The page context of the person signed in; the console app builds it once per request. */
export type PageContext = (c: Context<ConsoleEnv>) => Promise<ConsoleContext>;

/** A form field the console could not accept; the message (if any) names which one. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

export type FormBody = Record<string, string | string[]>;

export const formBody = async (c: Context<ConsoleEnv>): Promise<FormBody> =>
  (await c.req.parseBody({ all: true })) as FormBody;

/** One value of a form field (the first, if it was sent more than once). */
export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] : v) ?? '';

export const closeReason = (v: string): CloseReason | undefined =>
  (CLOSE_REASONS as readonly string[]).includes(v) ? (v as CloseReason) : undefined;

/** The answer for a refusal the person can act on: shown next to the form that failed. */
export function errorAnswer(
  error: Error,
  ctx: ConsoleContext,
): { status: 400 | 403 | 404 | 409; message: string } | undefined {
  if (error instanceof CaseAccessRefused) {
    switch (error.reason) {
      case 'child-protection':
        return { status: 403, message: ctx.t('errors.childOnly') };
      case 'unknown':
      case 'inactive':
      case 'not-operator':
        return { status: 400, message: ctx.t('errors.reassignTarget') };
      case 'target-not-child-protection':
        return { status: 403, message: ctx.t('errors.reassignChild') };
      default:
        return { status: 403, message: ctx.t('errors.forbidden') };
    }
  }
  if (error instanceof ForbiddenError)
    return {
      status: 403,
      message:
        error.message === 'child-protection'
          ? ctx.t('errors.childOnly')
          : error.message === 'not-a-safeguarding-case'
            ? ctx.t('errors.notSafeguardingCase')
            : ctx.t('errors.forbidden'),
    };
  if (error instanceof NotFoundError) return { status: 404, message: ctx.t('errors.notFound') };
  if (error instanceof ClaimTakenError) return { status: 409, message: ctx.t('errors.claimTaken') };
  if (error instanceof StaleRequestError) return { status: 409, message: ctx.t('errors.stale') };
  if (error instanceof InvalidTransitionError) return { status: 409, message: ctx.t('errors.transition') };
  if (error instanceof MessageNotAllowedError)
    return { status: 400, message: ctx.t('errors.messageNotAllowed') };
  if (error instanceof ConsentRequiredError) return { status: 400, message: ctx.t('errors.consentRequired') };
  if (error instanceof CloseRefusedError)
    return { status: 400, message: ctx.t('errors.helpedWithoutAttempt') };
  if (error instanceof NoDecisionNeededError)
    return {
      status: 409,
      message: ctx.t(error.message === 'already-escalated' ? 'errors.alreadyEscalated' : 'errors.noDecision'),
    };
  if (error instanceof BadInputError) {
    const key =
      {
        reassign: 'errors.reassignTarget',
        outcome: 'errors.outcome',
        summary: 'errors.summary',
        contact: 'errors.contact',
        reason: 'errors.safeguardingReason',
        action: 'errors.safeguardingAction',
        'priority-reason': 'errors.priorityReason',
        'priority-details': 'errors.priorityDetails',
      }[error.message] ?? 'errors.invalid';
    return { status: 400, message: ctx.t(key) };
  }
  return undefined;
}

/** Marks the queue page's own reload without JavaScript (its meta refresh). */
const AUTO_REFRESH_PARAM = 'auto';

/**
 * Where the queue page reloads itself without JavaScript: the same address, filters kept, marked
 * as an automatic reload, which isBackgroundRequest recognises.
 */
export function autoRefreshUrl(current: string): string {
  const url = new URL(current);
  url.searchParams.set(AUTO_REFRESH_PARAM, '1');
  return `${url.pathname}${url.search}`;
}

/**
 * A request an open queue page makes by itself, not someone using the console: its alert poll (with
 * JavaScript) and its reload (without). It does not move the session's idle clock, so an open queue
 * tab on a shared computer still times out.
 */
export function isBackgroundRequest(c: Context): boolean {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return false;
  const path = c.req.path;
  if (path === '/console/alerts') return true;
  return (path === '/console' || path === '/console/') && c.req.query(AUTO_REFRESH_PARAM) === '1';
}
