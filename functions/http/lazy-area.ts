import { type Context, type Env, Hono, type NotFoundHandler } from 'hono';

/**
 * A route area whose module is loaded by the first request to one of its paths, not at cold start.
 * A Lambda instance that only ever serves the home page never compiles the search engine, the
 * request forms or the HSDS API (docs/performance.md, "Route areas on first use").
 */
export interface LazyArea {
  /** Where the area's routes start, as in `app.route(base, …)`: '/api/public' or '/:lang'. */
  base: string;
  /** The area's paths below `base` (Hono patterns; '/x/*' covers '/x' and everything below it). */
  paths: readonly string[];
  /**
   * Loads the area's module and builds its routes, with any middleware they need inside
   * (called once; again only after a failed load).
   */
  load: () => Promise<Hono>;
}

/**
 * Mounts `area` on `parent`: each of its paths answers by loading the area once, then handing the
 * request to it. Inside the area, an unknown path gets the parent's not-found page and an error
 * reaches the parent's error handler, so a lazy area answers exactly as a mounted one did.
 */
export function mountLazyArea<E extends Env>(
  parent: Hono<E>,
  area: LazyArea,
  notFound: NotFoundHandler,
): void {
  let loaded: Promise<Hono> | undefined;
  const build = async (): Promise<Hono> => {
    const app = new Hono().route(area.base, await area.load());
    await checkCovered(area, app);
    app.notFound(notFound);
    app.onError((error) => {
      throw error;
    });
    return app;
  };
  const handler = async (c: Context<E>): Promise<Response> => {
    loaded ??= build().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return (await loaded).fetch(c.req.raw, c.env);
  };
  for (const path of area.paths) parent.all(`${area.base}${path}`, handler);
}

/**
 * Refuses an area with a route its paths do not reach: such a route would answer "not found" for
 * ever, silently. Checked once per load (a few dozen routes), so a route added to an area's file
 * without its path fails every test that loads the area.
 */
async function checkCovered(area: LazyArea, app: Hono): Promise<void> {
  const probe = new Hono();
  for (const path of area.paths) probe.all(`${area.base}${path}`, (c) => c.body(null, 204));
  for (const route of app.routes) {
    if (route.method === 'ALL') continue; // middleware and catch-alls
    const sample = route.path.replace(/:[^/{]+(\{[^}]*\})?\??/g, 'x').replace(/\*/g, 'x');
    if ((await probe.request(sample)).status !== 204)
      throw new Error(`Route ${route.method} ${route.path} is outside the paths of its area (${area.base})`);
  }
}
