import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { isLocale } from '../../domain/locales.js';
import {
  CallbackRequestSchema,
  ContactSchema,
  SafetyOfContactSchema,
  WhenSchema,
} from '../../domain/requests/request.js';
import type { CallbackRequests } from '../../services/callback-requests.js';
import type { ClientAddressFn } from '../client-address.js';
import { validationErrorBody } from '../errors.js';
import { LIMITS, type RateLimit } from './request-routes.js';

export interface RequestApiDeps {
  requests: CallbackRequests;
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
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
const CreateSchema = z.intersection(
  CallbackRequestSchema,
  z.object({ pin: z.string().max(20).optional(), locale: z.string().optional() }),
);

/** Reads a JSON body; anything that is not a JSON object is a client error, never a 500. */
async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return Symbol.for('invalid-json');
  }
}

const INVALID_JSON = { error: { code: 'invalid_json', issues: [] } };
const NOT_MATCHED = { error: { code: 'code_or_pin_not_matched', issues: [] } };
const UNAVAILABLE = { error: { code: 'unavailable', issues: [] } };

/**
 * The callback-request JSON API: the same schema and rules as the HTML form. Unknown code, wrong PIN
 * and a locked code give the same answer.
 */
export function createRequestApiRoutes(deps: RequestApiDeps): Hono {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => c.json({ error: { code: 'too_large', issues: [] } }, 413),
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c);
    if (typeof body !== 'object' || body === null) return c.json(INVALID_JSON, 400);
    const parsed = CreateSchema.safeParse(body);
    if (!parsed.success) return c.json(validationErrorBody(parsed.error), 400);
    let result: Awaited<ReturnType<CallbackRequests['submit']>>;
    try {
      const limited = await deps.limiter.hit(
        'request-submit',
        deps.clientAddress(c),
        LIMITS.submit.limit,
        LIMITS.submit.windowSeconds,
      );
      if (!limited.allowed) return c.json({ error: { code: 'rate_limited', issues: [] } }, 429);
      const locale = parsed.data.locale && isLocale(parsed.data.locale) ? parsed.data.locale : 'en';
      result = await deps.requests.submit(parsed.data, locale);
    } catch (error) {
      // The table is not reachable: nothing was acknowledged, so the client may send the same body again.
      deps.log?.('request.store_failed', { error: (error as Error).name });
      c.header('Retry-After', '30');
      return c.json(UNAVAILABLE, 503);
    }
    let pinSet = result.pinSet;
    if (parsed.data.pin && !pinSet) {
      const outcome = await deps.requests.setPin(result.code, parsed.data.idempotencyKey, parsed.data.pin);
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

  async function authorised(c: Context, body: { code: string; pin: string }) {
    const limited = await deps.limiter.hit(
      'request-status',
      deps.clientAddress(c),
      LIMITS.status.limit,
      LIMITS.status.windowSeconds,
    );
    if (!limited.allowed)
      return { response: c.json({ error: { code: 'rate_limited', issues: [] } }, 429) } as const;
    const access = await deps.requests.access(body.code, body.pin);
    if (!access.ok) return { response: c.json(NOT_MATCHED, 401) } as const;
    return { access } as const;
  }

  app.post('/status', async (c) => {
    const body = await jsonBody(c);
    const parsed = Credentials.strict().safeParse(body);
    if (!parsed.success)
      return c.json(typeof body === 'symbol' ? INVALID_JSON : validationErrorBody(parsed.error), 400);
    const auth = await authorised(c, parsed.data);
    if ('response' in auth) return auth.response;
    return c.json({ status: auth.access.status });
  });

  app.post('/update', async (c) => {
    const body = await jsonBody(c);
    const parsed = UpdateSchema.safeParse(body);
    if (!parsed.success)
      return c.json(typeof body === 'symbol' ? INVALID_JSON : validationErrorBody(parsed.error), 400);
    const auth = await authorised(c, parsed.data);
    if ('response' in auth) return auth.response;
    const { request } = auth.access;
    if (request.status === 'withdrawn') return c.json({ error: { code: 'withdrawn', issues: [] } }, 409);
    if (parsed.data.when)
      await deps.requests.changeSafeTimes(request, parsed.data.when.timeZone, parsed.data.when.safeWindows);
    if (parsed.data.contact) await deps.requests.changeContact(request, parsed.data.contact);
    if (parsed.data.message) await deps.requests.addMessage(request, parsed.data.message);
    return c.json({ status: auth.access.status, updated: true });
  });

  app.post('/withdraw', async (c) => {
    const body = await jsonBody(c);
    const parsed = WithdrawSchema.safeParse(body);
    if (!parsed.success)
      return c.json(typeof body === 'symbol' ? INVALID_JSON : validationErrorBody(parsed.error), 400);
    const auth = await authorised(c, parsed.data);
    if ('response' in auth) return auth.response;
    if (parsed.data.deleteData) await deps.requests.deleteData(auth.access.request, auth.access.code);
    else await deps.requests.withdraw(auth.access.request, auth.access.code);
    return c.json({ status: 'closed', dataDeleted: parsed.data.deleteData });
  });

  return app;
}
