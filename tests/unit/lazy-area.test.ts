import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/http/public-app.js';
import { type LazyArea, mountLazyArea, routesHiddenByAreas } from '../../functions/http/lazy-area.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

function parentWith(area: LazyArea) {
  const app = new Hono();
  mountLazyArea(app, area, (c) => c.text('parent not found', 404));
  app.get('/home', (c) => c.text('home'));
  app.onError((error, c) => c.text(`parent error: ${error.message}`, 500));
  return app;
}

describe('route areas loaded on first use', () => {
  it('loads an area with the first request to one of its paths, once, and never for other paths', async () => {
    let loads = 0;
    const app = parentWith({
      base: '/:lang',
      paths: ['/things', '/things/*'],
      load: async () => {
        loads += 1;
        const routes = new Hono();
        routes.get('/things', (c) => c.text(`things in ${c.req.param('lang')}`));
        routes.get('/things/:id', (c) => c.text(`thing ${c.req.param('id')}`));
        return routes;
      },
    });
    expect(await (await app.request('/home')).text()).toBe('home');
    expect(loads).toBe(0);
    expect(await (await app.request('/th/things')).text()).toBe('things in th');
    expect(await (await app.request('/th/things/7')).text()).toBe('thing 7');
    expect(loads).toBe(1);
  });

  it("answers a path the area does not know with the parent's not-found page", async () => {
    const app = parentWith({
      base: '/a',
      paths: ['/*'],
      load: async () => new Hono().get('/known', (c) => c.text('known')),
    });
    const res = await app.request('/a/unknown/deeper');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('parent not found');
  });

  it("hands an error inside the area to the parent's error handler", async () => {
    const app = parentWith({
      base: '/a',
      paths: ['/*'],
      load: async () =>
        new Hono().get('/boom', () => {
          throw new Error('inside');
        }),
    });
    const res = await app.request('/a/boom');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('parent error: inside');
  });

  it('refuses to load an area with a route outside its paths, naming the route', async () => {
    const app = parentWith({
      base: '/:lang',
      paths: ['/things'],
      load: async () =>
        new Hono().get('/things', (c) => c.text('ok')).get('/other/:id', (c) => c.text('unreachable')),
    });
    const res = await app.request('/en/things');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(
      'parent error: Route GET /:lang/other/:id is outside the paths of its area (/:lang)',
    );
  });

  it('serves the home page and the safety page without building the services, and builds them with the first search', async () => {
    const { deps } = fakePublicDeps();
    let built = 0;
    const app = createPublicApp({
      ...deps,
      services: () => {
        built += 1;
        return deps.services();
      },
    });
    expect((await app.request('/en/')).status).toBe(200);
    expect((await app.request('/en/safety')).status).toBe(200);
    expect(built).toBe(0);
    expect((await app.request('/en/services')).status).toBe(200);
    expect(built).toBeGreaterThan(0);
  });

  it("loads every area of the public app: each route file's routes lie within its declared paths", async () => {
    const { deps } = fakePublicDeps();
    const app = createPublicApp(deps);
    // One path per area; a route outside its area's paths would make the load fail with a 500.
    for (const path of [
      '/api/public/emergency-numbers',
      '/api/public/requests/form-token',
      '/hsds/taxonomies',
      '/en/urgent',
      '/en/help/pin/saved',
      '/en/follow-up',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe('routes an area would hide', () => {
  it('lists an ordinary route registered after an area that reaches it, and not one registered before', async () => {
    const app = new Hono();
    app.get('/:lang/help', (c) => c.text('help, before the area'));
    mountLazyArea(app, { base: '/:lang', paths: ['/help/*'], load: async () => new Hono() }, (c) =>
      c.notFound(),
    );
    app.get('/:lang/help', (c) => c.text('help, after the area'));
    app.post('/:lang/help/send', (c) => c.text('sent'));
    app.get('/:lang/about', (c) => c.text('about'));
    expect(await routesHiddenByAreas(app)).toEqual(['GET /:lang/help', 'POST /:lang/help/send']);
    // The first one still answers; the one after the area never would.
    expect(await (await app.request('/en/help')).text()).toBe('help, before the area');
  });

  it('finds none in the public app (the console app: lazy-area-security.test.tsx)', async () => {
    expect(await routesHiddenByAreas(createPublicApp(fakePublicDeps().deps))).toEqual([]);
  });
});
