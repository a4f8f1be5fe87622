import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryCache } from '../../functions/data/directory-cache.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import {
  CONFIDENTIAL_STREET,
  FIXTURE_LOCATIONS,
  FIXTURE_ORGANIZATIONS,
  FIXTURE_SERVICES,
} from '../fixtures/directory-fixture.js';
import { startPortal } from '../support/portal.js';

describe('directory against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let store: DirectoryStore;

  beforeAll(async () => {
    portal = await startPortal({ DIRECTORY_CHECK_SECONDS: '1' });
    store = new DirectoryStore(portal.doc, portal.appTableName);
    expect(await store.isEmpty()).toBe(true);
    await store.saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
  });
  afterAll(async () => {
    await portal.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${portal.baseUrl}${path}`);
    return { status: res.status, body: await res.text() };
  };
  /** Posts a form as the search form does, following the redirect to the results address. */
  const post = async (path: string, fields: Record<string, string>) => {
    const res = await fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      body: new URLSearchParams(fields),
    });
    return { status: res.status, url: new URL(res.url).pathname, body: await res.text() };
  };

  it('loads the whole directory with one Query and keeps confidential addresses out of it', async () => {
    const snapshot = await store.loadSnapshot();
    expect(snapshot.services).toHaveLength(FIXTURE_SERVICES.length);
    expect(JSON.stringify(snapshot)).not.toContain(CONFIDENTIAL_STREET);
    const { Item } = await portal.doc.send(
      new GetCommand({ TableName: portal.appTableName, Key: { pk: 'LOC#loc-shelter', sk: 'CONFIDENTIAL' } }),
    );
    expect(Item?.address.street).toBe(CONFIDENTIAL_STREET);
    expect((await store.getConfidentialAddress('loc-shelter'))?.address?.street).toBe(CONFIDENTIAL_STREET);
    const partition = await portal.doc.send(
      new QueryCommand({
        TableName: portal.appTableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'DIRECTORY' },
      }),
    );
    expect(JSON.stringify(partition.Items)).not.toContain(CONFIDENTIAL_STREET);
  });

  it('finds a Thai word inside an unspaced Thai description (JSON API)', async () => {
    const { body } = await get(`/api/public/services?q=${encodeURIComponent('ผู้หญิง')}&lang=th`);
    expect(JSON.parse(body).items.map((i: { id: string }) => i.id)).toEqual(['th-shelter']);
  });

  it('finds Burmese and Khmer words inside unspaced text (HTML pages)', async () => {
    // An old link with words (?q=) is answered at a sealed results address (fetch follows it).
    const burmese = await get(`/my/services?q=${encodeURIComponent('လုပ်ခ')}`);
    // A result link may carry the way back to this search (`?back=`).
    expect(burmese.body).toContain(`href="/my/services/${publicServiceId('mm-legal')}?`);
    const khmer = await post('/km/services', { q: 'ទូរស័ព្ទ' });
    expect(khmer.url).toMatch(/\/km\/services\/r\/[0-9a-f]+$/);
    expect(khmer.body).toContain(`href="/km/services/${publicServiceId('kh-counselling')}?`);
    expect(khmer.body).not.toContain(`href="/km/services/${publicServiceId('th-shelter')}?`);
  });

  it('combines filters', async () => {
    const { body } = await get('/api/public/services?place=TH&open24h=1');
    expect(JSON.parse(body).items.map((i: { id: string }) => i.id)).toEqual(['th-shelter']);
    const none = await get('/api/public/services?place=TH&area=legal');
    expect(JSON.parse(none.body).total).toBe(0);
  });

  it('never serves a confidential address on public pages or JSON', async () => {
    for (const path of [
      '/en/services/th-shelter',
      '/en/services?area=housing',
      '/api/public/services?q=shelter',
      '/api/public/services/th-shelter',
      '/en/card?id=th-shelter',
    ]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expect(body, path).not.toContain(CONFIDENTIAL_STREET);
    }
  });

  it('reloads the directory when a listing changes', async () => {
    const cache = new DirectoryCache(store, { checkEveryMs: 0 });
    const before = await cache.get();
    const first = FIXTURE_SERVICES[1];
    if (!first) throw new Error('fixture');
    await store.saveRecord({
      services: [{ ...first, name: { ...first.name, en: 'Renamed Clinic Zephyr' } }],
    });
    const after = await cache.get();
    expect(after.version).not.toBe(before.version);
    expect(after.search({ text: 'zephyr' }).hits.map((h) => h.service.id)).toEqual([first.id]);
  });

  it('stores an anonymous listing report', async () => {
    const res = await fetch(`${portal.baseUrl}/en/services/th-clinic/report`, {
      method: 'POST',
      body: new URLSearchParams({ reason: 'closed-or-moved' }),
    });
    expect(res.status).toBe(200);
    const reports = await portal.doc.send(
      new QueryCommand({
        TableName: portal.appTableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'REPORT#open' },
      }),
    );
    expect(reports.Items?.map((i) => [i.serviceId, i.reason])).toEqual([['th-clinic', 'closed-or-moved']]);
  });
});
