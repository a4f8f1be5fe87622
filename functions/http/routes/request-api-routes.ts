import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as z from 'zod';
import { isLocale } from '../../domain/locales.js';
import {
  CallbackRequestSchema,
  ContactSchema,
  SafetyOfContactSchema,
  WhenSchema,
} from '../../domain/requests/request.js';
import { issueFormToken, readFormToken } from '../../services/action-token.js';
import type { CallbackRequests, OpenedRequest } from '../../services/callback-requests.js';
import { BURST_AFTER, hitClient, LIMITS, MIN_FILL_MS, type RateLimit } from '../abuse.js';
import type { ClientAddressFn } from '../client-address.js';
import { accessOf, type CodePinFailure, codePinAccess } from '../code-pin.js';
import { validationErrorBody } from '../errors.js';

export interface RequestApiDeps {
  requests: CallbackRequests;
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
  /** Signs form tokens. */
  secret: string;
  /** Remembers used form tokens (single use). */
  tokens: { use(tokenId: string, expiresAtMs: number, binding?: string): Promise<boolean> };
  now: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

const Credentials = z.object({ code: z.string().min(1).max(20), pin: z.string().min(1).max(20) });
const UpdateSchema = Credentials.extend({
  when: WhenSchema.optional(),
  contact: z
    .intersection(ContactSchema, SafetyOfContactSchema.pick({ codeWord: true, ifSomeoneElseAnswers: true }))
    .optional(),
  message: z.string().trim().min(1).max(500).optional(),
}).strict();
const WithdrawSchema = Credentials.extend({ deleteData: z.boolean().default(false) }).strict();
/**
 * A new request: the form's schema, plus the same abuse checks as the HTML form. `formToken` comes
 * from GET /api/public/requests/form-token at least MIN_FILL_MS earlier and admits one request (the
 * same idempotency key may send it again); `website` is the honeypot and must stay empty.
 */
const CreateSchema = z.intersection(
  CallbackRequestSchema,
  z.object({
    pin: z.string().max(20).optional(),
    locale: z.string().optional(),
    formToken: z.string().max(100),
    website: z.string().max(200).optional(),
  }),
);

/** Reads a JSON body; anything that is not a JSON object is a client error, never a 500. */
async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return Symbol.for('invalid-json');
  }
}

const error = (code: string, path?: string) => ({
  error: { code, issues: path ? [{ code, path: [path] }] : [] },
});
const INVALID_JSON = error('invalid_json');
const UNAVAILABLE = error('unavailable');
const RATE_LIMITED = error('rate_limited');
const TRY_AGAIN = error('try_again', 'formToken');

type Input<T> = { Variables: { input: T } };

/** Parses the body with a schema first: a malformed body gets its 400 before any code + PIN check. */
function jsonInput<T>(schema: z.ZodType<T>): MiddlewareHandler<Input<T>> {
  return async (c, next) => {
    const body = await jsonBody(c);
    if (typeof body !== 'object' || body === null) return c.json(INVALID_JSON, 400);
    const parsed = schema.safeParse(body);
    if (!parsed.success) return c.json(validationErrorBody(parsed.error), 400);
    c.set('input', parsed.data);
    await next();
  };
}

/**
 * The callback-request JSON API: the same schema, rules and abuse checks as the HTML form. Unknown
 * code, wrong PIN and a locked code give the same answer (http/code-pin.ts).
 */
export function createRequestApiRoutes(deps: RequestApiDeps): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/form-token', (c) =>
    c.json({ formToken: issueFormToken(deps.secret, deps.now()), minFillSeconds: MIN_FILL_MS / 1000 }),
  );

  app.post('/', jsonInput(CreateSchema), async (c) => {
    const input = c.get('input');
    const formToken = readFormToken(deps.secret, input.formToken, deps.now());
    if (input.website || !formToken || formToken.ageMs < MIN_FILL_MS) return c.json(TRY_AGAIN, 400);
    let result: Awaited<ReturnType<CallbackRequests['submit']>>;
    try {
      const limited = await hitClient(deps, c, LIMITS.submit);
      if (!limited.allowed) return c.json(RATE_LIMITED, 429);
      if (!(await deps.tokens.use(formToken.id, formToken.expiresAt, input.idempotencyKey)))
        return c.json(TRY_AGAIN, 400);
      const locale = input.locale && isLocale(input.locale) ? input.locale : 'en';
      result = await deps.requests.submit(input, locale, { burst: (limited.count ?? 0) > BURST_AFTER });
    } catch (e) {
      // The table is not reachable: nothing was acknowledged, so the client may send the same body again.
      deps.log?.('request.store_failed', { error: (e as Error).name });
      c.header('Retry-After', '30');
      return c.json(UNAVAILABLE, 503);
    }
    let pinSet = result.pinSet;
    if (input.pin && !pinSet) {
      const outcome = await deps.requests.setPin(result.code, input.idempotencyKey, input.pin);
      if (outcome === 'invalid-pin' || outcome === 'too-simple') {
        return c.json(
          {
            code: result.code,
            status: 'received',
            duplicate: result.kind === 'duplicate',
            pinSet: false,
            error: { code: `pin_${outcome}`, issues: [{ code: outcome, path: ['pin'] }] },
          },
          201,
        );
      }
      pinSet = outcome === 'ok';
    }
    return c.json(
      { code: result.code, status: 'received', duplicate: result.kind === 'duplicate', pinSet },
      result.kind === 'created' ? 201 : 200,
    );
  });

  const refuse = (c: Context, failure: CodePinFailure) => {
    if (failure === 'too-many') return c.json(RATE_LIMITED, 429);
    if (failure === 'unavailable') {
      c.header('Retry-After', '30');
      return c.json(UNAVAILABLE, 503);
    }
    return c.json(error('code_or_pin_not_matched'), 401);
  };
  const access = codePinAccess<OpenedRequest>(
    { ...deps, codes: deps.requests },
    {
      credentials: (c) => c.get('input') as { code: string; pin: string },
      resolve: (record) => deps.requests.forRecord(record),
      refuse,
    },
  );

  app.post('/status', jsonInput(Credentials.strict()), access, (c) =>
    c.json({ status: accessOf<OpenedRequest>(c).subject.status }),
  );

  app.post('/update', jsonInput(UpdateSchema), access, async (c) => {
    const input = c.get('input');
    const { request, status } = accessOf<OpenedRequest>(c).subject;
    if (request.status === 'withdrawn') return c.json(error('withdrawn'), 409);
    if (input.when) await deps.requests.changeSafeTimes(request, input.when.timeZone, input.when.safeWindows);
    if (input.contact) await deps.requests.changeContact(request, input.contact);
    if (input.message) await deps.requests.addMessage(request, input.message);
    return c.json({ status, updated: true });
  });

  app.post('/withdraw', jsonInput(WithdrawSchema), access, async (c) => {
    const input = c.get('input');
    const opened = accessOf<OpenedRequest>(c).subject;
    if (input.deleteData) await deps.requests.deleteData(opened.request, opened.code);
    else await deps.requests.withdraw(opened.request, opened.code);
    return c.json({ status: 'closed', dataDeleted: input.deleteData });
  });

  return app;
}
