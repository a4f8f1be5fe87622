/**
 * The one state machine of a request. Operators move it forward; the person can withdraw it at any
 * time (and start again with a new request). Closing is never a "failure": close reasons are listed
 * in CLOSE_REASONS. Only what an operator closed can be reopened; a withdrawn request stays closed.
 */
export const REQUEST_STATUSES = [
  'new',
  'claimed',
  'in-progress',
  'referred',
  'waiting',
  'closed',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  new: ['claimed', 'withdrawn', 'closed'],
  claimed: ['in-progress', 'new', 'waiting', 'referred', 'closed', 'withdrawn'],
  'in-progress': ['referred', 'waiting', 'closed', 'withdrawn', 'new'],
  referred: ['in-progress', 'waiting', 'closed', 'withdrawn'],
  waiting: ['in-progress', 'claimed', 'new', 'closed', 'withdrawn'],
  closed: ['new'], // reopen (see reopenRefusal)
  withdrawn: [], // the person withdrew it: only they can start again, with a new request
};

const OPEN_STATUSES: readonly RequestStatus[] = ['new', 'claimed', 'in-progress', 'referred', 'waiting'];

/** Open requests are in the queue or being worked; closed and withdrawn ones are not. */
export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Why a request may not be reopened, or undefined when it may: only a request an operator closed,
 * whose person neither withdrew it nor deleted their data.
 */
export function reopenRefusal(r: {
  status: RequestStatus;
  withdrawnAt?: string | undefined;
  dataDeletedAt?: string | undefined;
}): 'not-closed' | 'withdrawn' | 'data-deleted' | undefined {
  if (r.dataDeletedAt) return 'data-deleted';
  if (r.status === 'withdrawn' || r.withdrawnAt) return 'withdrawn';
  if (r.status !== 'closed') return 'not-closed';
  return undefined;
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(
    readonly from: RequestStatus,
    readonly to: RequestStatus,
  ) {
    super(`A request cannot go from ${from} to ${to}`);
  }
}

export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** What the person sees with code + PIN: coarse, never operator detail. */
export type PublicStatus = 'received' | 'tried' | 'in-progress' | 'closed';

export function publicStatus(status: RequestStatus, attempts: number): PublicStatus {
  switch (status) {
    case 'new':
    case 'claimed':
      return attempts > 0 ? 'tried' : 'received';
    case 'waiting':
      return 'tried';
    case 'in-progress':
    case 'referred':
      return 'in-progress';
    case 'closed':
    case 'withdrawn':
      return 'closed';
  }
}
