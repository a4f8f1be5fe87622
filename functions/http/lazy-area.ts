import { type Context, type Env, Hono, type NotFoundHandler } from 'hono';
import { loadOnce } from '../domain/once.js';

/**
 * A route area whose module is loaded by the first request to one of its paths, not at cold start.
 * A Lambda instance that only ever serves the home page never compiles the search engine, the
 * request forms or the HSDS API (docs/performance.md, "Route areas on first use").
 */
export interface LazyArea {
  /** Where the area's routes start, from the site's root, as in `app.route(base, …)`: '/api/public', '/:lang'. */
  base: string;
  /** The area's paths below `base` (Hono patterns; '/x/*' covers '/x' and everything below it). */
  paths: readonly string[];
  /**
   * Loads the area's module and builds its routes, with any middleware they need inside
   * (called once; again only after a failed load).
   */
  load: () => Promise<Hono>;
}

/** The lazy areas of each app, for everyRoute. */
const mounted = new WeakMap<object, { handler: unknown; app: () => Promise<Hono> }[]>();

/** Where the area finds the request's context in the parent app (its variables, such as the session). */
const PARENT = Symbol('parent context');

/**
 * Mounts `area` on `parent`: each of its paths answers by loading the area once, then handing the
 * request to it. Inside the area, the parent's variables (c.get) are set again, a body the parent
 * already read is readable again, an unknown path gets the parent's not-found page and an error
 * reaches the parent's error handler, so a lazy area answers exactly as a mounted one did.
 * `parentBasePath` is the parent's own base path (`new Hono().basePath('/console')`), if any.
 */
export function mountLazyArea<E extends Env>(
  parent: Hono<E>,
  area: LazyArea,
  notFound: NotFoundHandler,
  parentBasePath = '',
): void {
  const { base, paths, load } = area;
  if (!base.startsWith(parentBasePath))
    throw new Error(`Area ${base} is not below its parent's base path ${parentBasePath}`);
  const app = loadOnce(async (): Promise<Hono> => {
    const routes = new Hono();
    routes.use('*', async (c, next) => {
      const from = (c.env as { [PARENT]?: Context } | undefined)?.[PARENT];
      for (const [key, value] of Object.entries(from?.var ?? {})) c.set(key as never, value as never);
      await next();
    });
    routes.route('/', await load());
    const area = new Hono().route(base, routes);
    await checkCovered(base, paths, area);
    area.notFound(notFound);
    area.onError((error) => {
      throw error;
    });
    return area;
  });
  const handler = async (c: Context<E>): Promise<Response> => {
    const env = Object.assign(Object.create(null), c.env, { [PARENT]: c });
    return (await app()).fetch(await requestAgain(c), env);
  };
  for (const path of paths) parent.all(`${base.slice(parentBasePath.length)}${path}`, handler);
  mounted.set(parent, [...(mounted.get(parent) ?? []), { handler, app }]);
}

/**
 * Every route of an app, its lazy areas loaded: what `app.routes` listed before the areas were
 * lazy (the console's route × role matrix and page checks read it).
 */
export async function everyRoute(app: {
  routes: readonly { method: string; path: string; handler: unknown }[];
}): Promise<{ method: string; path: string }[]> {
  const areas = mounted.get(app) ?? [];
  const stubs = new Set(areas.map((a) => a.handler));
  const loaded = await Promise.all(areas.map((a) => a.app()));
  return [...app.routes.filter((r) => !stubs.has(r.handler)), ...loaded.flatMap((a) => a.routes)];
}

/**
 * The request, readable again by the area: when the parent already read a form (the console reads
 * it for its CSRF check), the same fields are sent on in a new body.
 */
async function requestAgain(c: Context): Promise<Request> {
  const raw = c.req.raw;
  if (!raw.bodyUsed) return raw;
  const body = new Response(await c.req.formData());
  const headers = new Headers(raw.headers);
  headers.delete('content-length');
  headers.set('content-type', body.headers.get('content-type') ?? 'multipart/form-data');
  return new Request(raw.url, { method: raw.method, headers, body: await body.arrayBuffer() });
}

/**
 * Refuses an area with a route its paths do not reach: such a route would answer "not found" for
 * ever, silently. Checked once per load (a few dozen routes), so a route added to an area's file
 * without its path fails every test that loads the area.
 */
async function checkCovered(base: string, paths: readonly string[], app: Hono): Promise<void> {
  const probe = new Hono();
  for (const path of paths) probe.all(`${base}${path}`, (c) => c.body(null, 204));
  for (const route of app.routes) {
    if (route.method === 'ALL') continue; // middleware and catch-alls
    if ((await probe.request(samplePath(route.path))).status !== 204)
      throw new Error(`Route ${route.method} ${route.path} is outside the paths of its area (${base})`);
  }
}

/** A path a route pattern matches: each parameter and wildcard filled in. */
const samplePath = (pattern: string) => pattern.replace(/:[^/{]+(\{[^}]*\})?\??/g, 'x').replace(/\*/g, 'x');

/**
 * The app's ordinary routes that an area answers instead: registered after an area whose paths
 * reach them (`/:lang/help/*` reaches `/:lang/help`), they would get the area's "not found" for ever,
 * silently. The apps' tests expect none.
 */
export async function routesHiddenByAreas(app: {
  routes: readonly { method: string; path: string; handler: unknown }[];
}): Promise<string[]> {
  const stubs = new Set((mounted.get(app) ?? []).map((a) => a.handler));
  const probe = new Hono();
  let areas = 0;
  const hidden: string[] = [];
  for (const route of app.routes) {
    if (stubs.has(route.handler)) {
      probe.all(route.path, (c) => c.body(null, 204));
      areas += 1;
    } else if (route.method !== 'ALL' && areas > 0) {
      const res = await probe.request(samplePath(route.path), { method: route.method });
      if (res.status === 204) hidden.push(`${route.method} ${route.path}`);
    }
  }
  return hidden;
}

/**
 * An area's `load`: its route module and the services it needs, loaded together (each once per
 * process), then its routes built from both.
 */
export function loadWith<M, S>(
  module: () => Promise<M>,
  services: () => Promise<S>,
  build: (module: M, services: S) => Hono,
): () => Promise<Hono> {
  return async () => {
    const [m, s] = await Promise.all([module(), services()]);
    return build(m, s);
  };
}
