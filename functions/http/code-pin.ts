import type { Context, MiddlewareHandler } from 'hono';
import type { CodeRecord } from '../domain/requests/records.js';
import { readActionToken } from '../services/action-token.js';
import { type AbuseDeps, hitClient, hitCode, LIMITS } from './abuse.js';

/**
 * The one way to act with a reference code: every request and follow-up route, HTML and JSON, goes
 * through codePinAccess. It rate-limits, verifies, and answers every failure the same way:
 *
 * - code + PIN (look-ups, the JSON API): per-client limit, then the PIN check with its lockout
 *   (services/callback-requests.ts verifyCode). Unknown code, wrong PIN, locked code and a code that
 *   belongs to the other kind of thing all give the one "not-matched" answer.
 * - action token (the change forms of a page opened with code + PIN): per-client and per-code limits,
 *   then the token is checked and used up (single use; each page shows a fresh one). A forged,
 *   expired or used token gives the one "expired" answer.
 * - the database cannot be reached: "unavailable" (a 503 page or JSON, never a 500).
 */
export type CodePinFailure = 'not-matched' | 'expired' | 'too-many' | 'unavailable';

export interface CodeAccess<T> {
  code: string;
  record: CodeRecord;
  /** What the code opens (a callback request, a follow-up …), from `resolve`. */
  subject: T;
}

export interface CodePinDeps extends AbuseDeps {
  secret: string;
  now: () => Date;
  codes: {
    verifyCode(code: string, pin: string): Promise<CodeRecord | undefined>;
    getCode(code: string): Promise<CodeRecord | undefined>;
  };
  tokens: { use(tokenId: string, expiresAtMs: number): Promise<boolean> };
  log?: ((event: string, fields?: Record<string, string | number | boolean>) => void) | undefined;
}

export type Credentials = { code: string; pin: string } | { token: string };

export interface CodePinOptions<T> {
  /** The credentials of this request, from its form or JSON body; undefined when none were sent. */
  credentials: (c: Context) => Promise<Credentials | undefined> | Credentials | undefined;
  /** What the code record opens; undefined answers "not-matched" (or "expired" for a token). */
  resolve: (record: CodeRecord) => Promise<T | undefined>;
  /** The route's answer to a failure: the same for every cause of the same failure. */
  refuse: (c: Context, failure: CodePinFailure) => Response | Promise<Response>;
  /** Without credentials, go on without access (a follow-up opt-in may or may not link a code). */
  optional?: boolean;
}

export type CodePinEnv<T> = { Variables: { access: CodeAccess<T> | undefined } };

/** The access set by an optional codePinAccess: undefined when no credentials were sent. */
export function optionalAccessOf<T>(c: Context): CodeAccess<T> | undefined {
  return (c as Context<CodePinEnv<T>>).get('access');
}

/** The access set by codePinAccess (throws when the route forgot the middleware). */
export function accessOf<T>(c: Context): CodeAccess<T> {
  const access = optionalAccessOf<T>(c);
  if (!access) throw new Error('codePinAccess did not run on this route');
  return access;
}

export function codePinAccess<T>(deps: CodePinDeps, options: CodePinOptions<T>): MiddlewareHandler {
  return async (c, next) => {
    const credentials = await options.credentials(c);
    if (!credentials || ('code' in credentials && !credentials.code && !credentials.pin)) {
      if (!options.optional) return options.refuse(c, 'not-matched');
      c.set('access', undefined);
      return next();
    }
    let outcome: CodeAccess<T> | CodePinFailure;
    try {
      outcome = 'token' in credentials ? await byToken(credentials.token) : await byPin(credentials);
    } catch (error) {
      deps.log?.('code_pin.unavailable', { error: (error as Error).name });
      outcome = 'unavailable';
    }
    if (typeof outcome === 'string') return options.refuse(c, outcome);
    c.set('access', outcome);
    return next();

    async function byPin(input: { code: string; pin: string }): Promise<CodeAccess<T> | CodePinFailure> {
      if (!(await hitClient(deps, c, LIMITS.status)).allowed) return 'too-many';
      const record = await deps.codes.verifyCode(input.code.slice(0, 20), input.pin.slice(0, 20));
      const subject = record ? await options.resolve(record) : undefined;
      return record && subject !== undefined ? { code: record.code, record, subject } : 'not-matched';
    }

    async function byToken(raw: string): Promise<CodeAccess<T> | CodePinFailure> {
      if (!(await hitClient(deps, c, LIMITS.action)).allowed) return 'too-many';
      const token = readActionToken(deps.secret, raw, deps.now());
      if (!token) return 'expired';
      if (!(await hitCode(deps, token.code, LIMITS.actionPerCode)).allowed) return 'too-many';
      if (!(await deps.tokens.use(token.id, token.expiresAt))) return 'expired';
      const record = await deps.codes.getCode(token.code);
      const subject = record ? await options.resolve(record) : undefined;
      return record && subject !== undefined ? { code: record.code, record, subject } : 'expired';
    }
  };
}

type FormBody = Record<string, string | File | (string | File)[]>;
const field = (body: FormBody, name: string) => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

/** Code + PIN from a plain HTML form (fields `code` and `pin`). */
export async function formCodeAndPin(c: Context): Promise<Credentials> {
  const body = (await c.req.parseBody({ all: true })) as FormBody;
  return { code: field(body, 'code'), pin: field(body, 'pin') };
}

/** The action token from a plain HTML form (field `token`); an empty one is still "a token". */
export async function formActionToken(c: Context): Promise<Credentials> {
  const body = (await c.req.parseBody({ all: true })) as FormBody;
  return { token: field(body, 'token') };
}
