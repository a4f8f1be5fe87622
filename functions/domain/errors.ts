/**
 * Errors the application's rules raise, whichever layer notices them first (a conditional write in
 * the data layer, a check in a service). They live here, in the domain, so the Hono apps can map
 * them to answers (one `onError` per app) without reaching into the data layer. Each carries a
 * name and no personal data.
 */

/** Someone else claimed the request first (conditional update refused). */
export class ClaimTakenError extends Error {
  override name = 'ClaimTakenError';
}

/** The request changed since it was read (conditional update refused). */
export class StaleRequestError extends Error {
  override name = 'StaleRequestError';
}

/** The follow-up changed since it was read (conditional update refused). */
export class FollowUpChangedError extends Error {
  override name = 'FollowUpChangedError';
}

/** Someone else saved the listing after it was opened: nothing was written. */
export class ListingConflictError extends Error {
  constructor(readonly serviceId: string) {
    super(`listing ${serviceId} was changed by someone else`);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
export class ConsentRequiredError extends Error {
  override name = 'ConsentRequiredError';
}
export class MessageNotAllowedError extends Error {
  override name = 'MessageNotAllowedError';
}

/** "Helped" without any contact attempt. */
export class CloseRefusedError extends Error {
  override name = 'CloseRefusedError';
}

/** A supervisor decision for a request that does not need one. */
export class NoDecisionNeededError extends Error {
  override name = 'NoDecisionNeededError';
}
