import { describe, expect, it } from 'vitest';
import {
  type HsdsService,
  hsdsId,
  hsdsTaxonomyTerms,
} from '../../../functions/domain/directory/hsds/index.js';
import { toPublicLocation } from '../../../functions/domain/directory/model.js';
import { DirectoryIndex } from '../../../functions/domain/directory/search.js';
import { createHsdsRoutes } from '../../../functions/http/hsds-routes.js';
import {
  HELPLINE_ID,
  hsdsTestDirectory,
  SECRET_LATITUDE,
  SECRET_STREET,
} from '../../support/hsds-directory.js';

const { organization, services, locations } = hsdsTestDirectory();
const publicLocations = locations.map(toPublicLocation);

describe('HSDS routes (in memory)', () => {
  const index = new DirectoryIndex({
    version: '1',
    organizations: [organization],
    services,
    locations: publicLocations,
  });
  const app = createHsdsRoutes({ directory: async () => index });
  const get = async (path: string) => {
    const res = await app.request(path);
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { contents: HsdsService[] },
    };
  };

  it.each([
    ['/services?page=0', 'page'],
    ['/services?page=abc', 'page'],
    ['/services?per_page=1000', 'per_page'],
    ['/services?full=maybe', 'full'],
    ['/services?modified_after=yesterday', 'modified_after'],
    ['/services?locale=fr', 'locale'],
    ['/services?format=ndjson', 'format'],
    ['/organizations?full_service=yes', 'full_service'],
    ['/taxonomy_terms?top_only=2', 'top_only'],
    [`/services?search=${'x'.repeat(201)}`, 'search'],
  ])('%s → 400 naming %s', async (path, param) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_parameter', path: param });
  });

  it.each([
    '/services/nope',
    '/services/closed-service',
    '/organizations/nope',
    '/taxonomies/x',
    '/taxonomy_terms/x',
  ])('%s → 404 JSON', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(404);
    expect(body.code).toBe('not_found');
  });

  it('pages active services only', async () => {
    const first = await get('/services?per_page=1');
    expect(first.body).toMatchObject({
      total_items: 2,
      total_pages: 2,
      page_number: 1,
      size: 1,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const second = await get('/services?per_page=1&page=2');
    expect(second.body).toMatchObject({ page_number: 2, first_page: false, last_page: true, size: 1 });
    const beyond = await get('/services?per_page=1&page=3');
    expect(beyond.body).toMatchObject({ empty: true, size: 0, contents: [] });
    const names = [...first.body.contents, ...second.body.contents].map((s) => s.name);
    expect(names).toEqual(['Emergency shelter north', 'Night and day helpline']);
  });

  it('finds a service by HSDS UUID and by our id, in a locale', async () => {
    const byUuid = await get(`/services/${hsdsId('service', 'shelter-north')}?locale=th`);
    expect(byUuid.status).toBe(200);
    expect(byUuid.body.name).toBe('บ้านพักฉุกเฉินภาคเหนือ');
    expect((await get('/services/shelter-north')).body.id).toBe(hsdsId('service', 'shelter-north'));
  });

  it('filters by search text, taxonomy term (id or code), taxonomy and organization', async () => {
    const ids = async (path: string) => (await get(path)).body.contents.map((s) => s.id);
    const shelterId = hsdsId('service', 'shelter-north');
    expect(await ids('/services?search=shelter')).toEqual([shelterId]);
    // A synonym: "bed" means housing.
    expect(await ids('/services?search=bed')).toEqual([shelterId]);
    expect(await ids('/services?taxonomy_term_id=area-housing')).toEqual([shelterId]);
    const helplineTerm = hsdsTaxonomyTerms().find((t) => t.code === 'subtype-safety.emergency-helpline');
    expect(await ids(`/services?taxonomy_term_id=${helplineTerm?.id}`)).toEqual([HELPLINE_ID]);
    expect(await ids('/services?taxonomy_term_id=unknown')).toEqual([]);
    expect(await ids('/services?taxonomy_id=waypoint-service-areas')).toHaveLength(2);
    expect(await ids(`/services?organization_id=${hsdsId('organization', 'org-safe-haven')}`)).toHaveLength(
      2,
    );
    expect(await ids('/services?organization_id=other')).toEqual([]);
  });

  it('lists brief services by default, full ones with full=true, ids only with minimal=true', async () => {
    const brief = (await get('/services')).body.contents[0] as unknown as Record<string, unknown>;
    expect(brief.organization).toBeDefined();
    expect(brief.phones).toBeUndefined();
    expect((await get('/services?full=true')).body.contents[0]?.phones).toHaveLength(2);
    expect((await get('/services?minimal=true')).body.contents[0]).toEqual({
      id: hsdsId('service', 'shelter-north'),
    });
  });

  it('serves organizations with their services and the taxonomy', async () => {
    const org = await get('/organizations/org-safe-haven?full_service=true');
    expect(org.status).toBe(200);
    const orgServices = org.body.services as HsdsService[];
    expect(orgServices.map((s) => s.name)).toEqual(['Emergency shelter north', 'Night and day helpline']);
    expect(orgServices[0]?.phones).toHaveLength(2);
    const terms = await get('/taxonomy_terms?taxonomy_id=waypoint-service-areas&top_only=true&per_page=200');
    expect((terms.body.contents as unknown as { code: string }[]).map((t) => t.code)).toEqual(
      [
        'housing',
        'health',
        'counselling',
        'education',
        'work',
        'documents',
        'legal',
        'safety',
        'family',
        'case-management',
      ].map((a) => `area-${a}`),
    );
    const children = await get('/taxonomy_terms?parent_id=area-family');
    expect(children.body.total_items).toBe(4);
    expect((await get('/taxonomies/waypoint-attributes')).body.name).toBe('waypoint-attributes');
  });

  it('never shows the confidential address in any response', async () => {
    for (const path of [
      '/services?full=true&per_page=200',
      '/services/shelter-north',
      '/organizations?full_service=true',
      '/organizations?full=true',
      '/organizations/org-safe-haven?full_service=true',
    ]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('Shelter in Chiang Mai');
      expect(body).not.toContain(SECRET_STREET);
      expect(body).not.toContain(String(SECRET_LATITUDE));
    }
  });
});
