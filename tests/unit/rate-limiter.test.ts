import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientKey } from '../../functions/data/rate-limiter.js';
import {
  lambdaClientAddress,
  nodeClientAddress,
  rateLimitBucket,
} from '../../functions/http/client-address.js';

const SECRET = 'unit-test-secret-0123456789abcdef';
const IPV4 = '203.0.113.77';
const IPV6 = 'abcd:ef01:2345::beef';

describe('clientKey', () => {
  it('is deterministic within a day', () => {
    expect(clientKey(SECRET, IPV4, '2026-03-01')).toBe(clientKey(SECRET, IPV4, '2026-03-01'));
  });

  it('differs across days, secrets and addresses', () => {
    const base = clientKey(SECRET, IPV4, '2026-03-01');
    expect(clientKey(SECRET, IPV4, '2026-03-02')).not.toBe(base);
    expect(clientKey(`${SECRET}x`, IPV4, '2026-03-01')).not.toBe(base);
    expect(clientKey(SECRET, '203.0.113.78', '2026-03-01')).not.toBe(base);
  });

  it('is 32 hex characters and never contains the address or its parts', () => {
    for (const address of [IPV4, IPV6]) {
      const key = clientKey(SECRET, address, '2026-03-01');
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect(key).not.toContain(address);
      expect(key).not.toContain(address.replace(/[.:]/g, ''));
    }
    expect(clientKey(SECRET, IPV6, '2026-03-01')).not.toContain('abcdef012345');
  });

  it('is HMAC-SHA256 under the per-day key HMAC-SHA256(secret, "rate-limit:" + day)', () => {
    const dayKey = createHmac('sha256', SECRET).update('rate-limit:2026-03-01').digest();
    const expected = createHmac('sha256', dayKey).update(IPV4).digest('hex').slice(0, 32);
    expect(clientKey(SECRET, IPV4, '2026-03-01')).toBe(expected);
  });

  it('refuses a short secret and a malformed day', () => {
    expect(() => clientKey('', IPV4, '2026-03-01')).toThrow(RangeError);
    expect(() => clientKey(SECRET, IPV4, '2026-3-1')).toThrow(RangeError);
  });
});

describe('client address', () => {
  const app = new Hono();
  app.get('/lambda', (c) => c.text(lambdaClientAddress(c) ?? 'none'));
  app.get('/node', (c) => c.text(nodeClientAddress(c) ?? 'none'));
  const lambdaEnv = (sourceIp: string) => ({ event: {}, requestContext: { http: { sourceIp } } });
  const ask = async (path: string, headers: Record<string, string>, env?: unknown) =>
    (await app.request(path, { headers }, env)).text();

  it('reads requestContext.http.sourceIp of an HTTP API v2 / function URL event', async () => {
    expect(await ask('/lambda', {}, lambdaEnv('192.0.2.1'))).toBe('192.0.2.1');
    expect(await ask('/lambda', {}, lambdaEnv('::FFFF:192.0.2.1'))).toBe('192.0.2.1');
    expect(await ask('/lambda', {}, {})).toBe('none');
    expect(await ask('/lambda', {})).toBe('none');
  });

  it('prefers the first CloudFront viewer address, without its port', async () => {
    const env = lambdaEnv('130.176.0.1');
    expect(await ask('/lambda', { 'cloudfront-viewer-address': '198.51.100.10:46532' }, env)).toBe(
      '198.51.100.10',
    );
    expect(await ask('/lambda', { 'cloudfront-viewer-address': '2001:DB8::1:443' }, env)).toBe('2001:db8::1');
    expect(await ask('/lambda', { 'cloudfront-viewer-address': '[2001:db8::2]:443' }, env)).toBe(
      '2001:db8::2',
    );
    expect(await ask('/lambda', { 'cloudfront-viewer-address': '198.51.100.9:1, 10.0.0.1:2' }, env)).toBe(
      '198.51.100.9',
    );
    expect(await ask('/lambda', { 'cloudfront-viewer-address': 'garbage' }, env)).toBe('130.176.0.1');
  });

  it('returns undefined without Node bindings', async () => {
    expect(await ask('/node', {})).toBe('none');
  });
});

describe('rateLimitBucket', () => {
  it('keeps IPv4 addresses whole and limits IPv6 clients by their /64', () => {
    expect(rateLimitBucket('203.0.113.77')).toBe('203.0.113.77');
    expect(rateLimitBucket('::ffff:203.0.113.77')).toBe('203.0.113.77');
    const a = rateLimitBucket('2001:db8:aa:bb:1:2:3:4');
    expect(a).toBe('2001:db8:aa:bb::/64');
    // Another address in the same /64, written differently, is the same client.
    expect(rateLimitBucket('2001:0DB8:00aa:00bb:ffff::1')).toBe(a);
    expect(rateLimitBucket('2001:db8:aa:bc::1')).not.toBe(a);
    expect(rateLimitBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitBucket('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitBucket(undefined)).toBeUndefined();
    expect(rateLimitBucket('not an address')).toBeUndefined();
  });
});
