import type { Context } from 'hono';
import { type ClientAddressFn, rateLimitBucket } from './client-address.js';

/**
 * Abuse protection without third parties: per-client rate limits on every public write, kept under
 * a daily-rotated keyed hash (data/rate-limiter.ts) of the client's address, an IPv6 client by its
 * /64. No address is stored or logged.
 */
export interface RateLimit {
  hit(
    scope: string,
    key: string | undefined,
    limit: number,
    windowSeconds: number,
  ): Promise<{ allowed: boolean; count?: number }>;
}

/** Scales every limit (RATE_LIMIT_SCALE), so one setting serves a busy shared connection or a load test. */
export function scaledLimiter(limiter: RateLimit, scale: number): RateLimit {
  if (scale === 1) return limiter;
  return {
    hit: (scope, key, limit, windowSeconds) =>
      limiter.hit(scope, key, Math.ceil(limit * scale), windowSeconds),
  };
}

export interface LimitRule {
  scope: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Every public write and code + PIN check, and its limit. Per client unless the name says "per code".
 * Scopes are shared where the same thing can be done two ways (form and JSON API).
 */
export const LIMITS = {
  /** New callback requests (form and JSON API) and follow-up opt-ins. */
  submit: { scope: 'request-submit', limit: 10, windowSeconds: 3600 },
  /** Code + PIN checks: status look-ups, follow-up look-ups, the JSON status/update/withdraw. */
  status: { scope: 'request-status', limit: 20, windowSeconds: 900 },
  /** Changes made with an action token (status page and follow-up page), per client. */
  action: { scope: 'code-action', limit: 30, windowSeconds: 900 },
  /** Changes made with an action token, per code: one person's page cannot flood the queue. */
  actionPerCode: { scope: 'code-action-code', limit: 20, windowSeconds: 3600 },
  /** "Contact me now" on a follow-up, per code. */
  contactNow: { scope: 'contact-now', limit: 2, windowSeconds: 86_400 },
  /** Setting the PIN after a send. */
  pin: { scope: 'request-pin', limit: 10, windowSeconds: 3600 },
  /**
   * Callback form steps kept as a draft (one write each). Past this, the form still works: each
   * step is then the answer to the post itself, as a plain form, without a draft.
   */
  draft: { scope: 'request-draft', limit: 200, windowSeconds: 3600 },
  /** Problem reports about a listing. */
  report: { scope: 'listing-report', limit: 10, windowSeconds: 3600 },
} as const satisfies Record<string, LimitRule>;

/**
 * More sends than this from one rate-limit key within the submit window is a burst: the request is
 * still stored (it may be a shared phone or a shelter's connection) but carries an anonymous burst
 * mark that supervisors see.
 */
export const BURST_AFTER = 3;

export interface AbuseDeps {
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
}

/** Counts one hit of a rule for this client (IPv6 by /64). */
export function hitClient(deps: AbuseDeps, c: Context, rule: LimitRule) {
  return deps.limiter.hit(rule.scope, rateLimitBucket(deps.clientAddress(c)), rule.limit, rule.windowSeconds);
}

/** Counts one hit of a rule for a reference code (the key is hashed like an address). */
export function hitCode(deps: AbuseDeps, code: string, rule: LimitRule) {
  return deps.limiter.hit(rule.scope, `code:${code}`, rule.limit, rule.windowSeconds);
}

/** A person needs a few seconds to read and answer; a script posting at once is not stored. */
export const MIN_FILL_MS = 3000;

/**
 * The largest request body each kind of route reads. Larger bodies are refused with a translated
 * 413 before they are read (Hono's bodyLimit), so a 5 MB post costs neither memory nor time.
 */
export const BODY_LIMITS = {
  /** JSON API requests (the largest callback request is a few KB). */
  json: 16 * 1024,
  /** HTML forms, public and console: the request form's last step carries every answer. */
  form: 64 * 1024,
  /**
   * The one larger body: an HSDS JSON file uploaded by a directory editor (console, signed in, CSRF
   * checked). 1 MB is what the deployment carries: the Lambda@Edge function that signs form posts
   * for the function URL sees at most 1 MB of a body and refuses a longer one (docs/deploy.md).
   * The whole sample directory in one language is larger (about 2.6 MB): that goes through
   * `npm run directory:import`.
   */
  directoryUpload: 1024 * 1024,
} as const;

/** The console routes that take an HSDS upload (BODY_LIMITS.directoryUpload). */
export const DIRECTORY_UPLOAD_PATHS: readonly string[] = [
  '/console/directory/transfer/preview',
  '/console/directory/transfer/import',
];
