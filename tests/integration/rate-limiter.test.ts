import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientKey, RateLimiter } from '../../functions/data/rate-limiter.js';
import { freshTables } from '../support/tables.js';

const SECRET = 'integration-test-secret-0123456789';
const ADDRESS = '198.51.100.203';
const START = Date.parse('2026-03-01T10:00:00Z');

describe('rate limiter against DynamoDB Local', () => {
  let tables: Awaited<ReturnType<typeof freshTables>>;
  let nowMs = START;
  let limiter: RateLimiter;

  beforeAll(async () => {
    tables = await freshTables();
    limiter = new RateLimiter(tables.doc, tables.appTableName, SECRET, () => new Date(nowMs));
  });

  const items = async (scope: string, key: string, at = START) => {
    const day = new Date(at).toISOString().slice(0, 10);
    const { Items } = await tables.doc.send(
      new QueryCommand({
        TableName: tables.appTableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `RATE#${scope}#${clientKey(SECRET, key, day)}` },
      }),
    );
    return Items ?? [];
  };

  it('refuses the hit after the limit and resets in a new window', async () => {
    nowMs = START;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('window', ADDRESS, 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]?.retryAfterSeconds).toBe(60);

    nowMs = START + 45_500;
    const later = await limiter.hit('window', ADDRESS, 3, 60);
    expect(later).toEqual({ allowed: false, count: 5, remaining: 0, retryAfterSeconds: 15 });

    nowMs = START + 60_000;
    expect(await limiter.hit('window', ADDRESS, 3, 60)).toEqual({
      allowed: true,
      count: 1,
      remaining: 2,
      retryAfterSeconds: 0,
    });
    const stored = await items('window', ADDRESS);
    expect(stored.map((i) => [i.sk, i.count])).toEqual([
      [String(START / 1000), 5],
      [String(START / 1000 + 60), 1],
    ]);
    expect(stored[0]?.ttl).toBe(START / 1000 + 60 + 86_400);
  });

  it('allows exactly the limit among concurrent hits', async () => {
    nowMs = START;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => limiter.hit('concurrent', ADDRESS, 10, 60)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed)).toHaveLength(10);
  });

  it('stores no raw address', async () => {
    nowMs = START;
    const ipv6 = '2001:db8:abcd:12::7';
    await limiter.hit('privacy', ADDRESS, 5, 60);
    await limiter.hit('privacy', ipv6, 5, 60);
    for (const address of [ADDRESS, ipv6]) {
      const stored = await items('privacy', address);
      expect(stored).toHaveLength(1);
      const json = JSON.stringify(stored);
      expect(json).not.toContain(address);
      expect(stored[0]?.pk).toMatch(/^RATE#privacy#[0-9a-f]{32}$/);
      // Each octet / hextet as a token of its own: inside the hex key or an epoch number it is chance.
      for (const part of address.split(/[.:]/).filter((p) => p.length > 0)) {
        expect(json).not.toMatch(new RegExp(`(^|[^0-9a-f])${part}($|[^0-9a-f])`, 'i'));
      }
    }
  });

  it('counts scopes, keys and unknown clients separately', async () => {
    nowMs = START;
    expect((await limiter.hit('scope-a', ADDRESS, 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('scope-a', ADDRESS, 1, 60)).allowed).toBe(false);
    expect((await limiter.hit('scope-b', ADDRESS, 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('scope-a', undefined, 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('scope-a', undefined, 1, 60)).allowed).toBe(false);
    expect((await limiter.hitKey('code', 'WP-7K3Q-92XD', 1, 60)).allowed).toBe(true);
    expect((await limiter.hitKey('code', 'WP-7K3Q-92XD', 1, 60)).allowed).toBe(false);
    expect(JSON.stringify(await items('code', 'WP-7K3Q-92XD'))).not.toContain('7K3Q');
  });

  it('lets DynamoDB errors propagate', async () => {
    const broken = new RateLimiter(tables.doc, 'no-such-table', SECRET, () => new Date(nowMs));
    await expect(broken.hit('window', ADDRESS, 3, 60)).rejects.toThrow();
  });
});
