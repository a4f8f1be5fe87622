import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * How an app learns the client's address, for rate limiting only. The address must never be logged,
 * stored or echoed: hand it straight to RateLimiter, which keeps only a daily-rotated keyed hash.
 * undefined when it cannot be learned (the limiter then counts the request as 'unknown').
 */
export type ClientAddressFn = (c: Context) => string | undefined;

/** A valid IP in one canonical spelling (lower case, IPv4-mapped IPv6 as plain IPv4), else undefined. */
function normalize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let ip = value.trim().toLowerCase();
  if (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip : undefined;
}

/**
 * `CloudFront-Viewer-Address` is `ip:port`, the IPv6 form unbracketed (`2001:db8::1:443`);
 * a bracketed `[ip]:port` is accepted too. Only the first entry counts.
 */
function viewerAddress(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.trim();
  if (!first) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
  if (bracketed) return normalize(bracketed[1]);
  const colon = first.lastIndexOf(':');
  return normalize(colon > 0 && /^\d+$/.test(first.slice(colon + 1)) ? first.slice(0, colon) : first);
}

interface LambdaBindings {
  requestContext?: { http?: { sourceIp?: unknown } };
  event?: { requestContext?: { http?: { sourceIp?: unknown } } };
}

/**
 * Under hono/aws-lambda (`handle`), `c.env` is `{ event, requestContext, lambdaContext }`; for an
 * API Gateway HTTP API (v2) or Lambda function URL event the address is `requestContext.http.sourceIp`.
 * Behind CloudFront that is CloudFront's own address, so the viewer address header wins when present.
 * That header can be forged by anyone reaching the origin directly: the origin must accept traffic
 * only from CloudFront (and CloudFront must be configured to send the header) for it to be trusted.
 */
export const lambdaClientAddress: ClientAddressFn = (c) => {
  const viewer = viewerAddress(c.req.header('cloudfront-viewer-address'));
  if (viewer) return viewer;
  const env = c.env as LambdaBindings | undefined;
  const sourceIp = env?.requestContext?.http?.sourceIp ?? env?.event?.requestContext?.http?.sourceIp;
  return typeof sourceIp === 'string' ? normalize(sourceIp) : undefined;
};

/** Under @hono/node-server: the socket's remote address (local runtime and tests, loopback only). */
export const nodeClientAddress: ClientAddressFn = (c) => {
  try {
    return normalize(getConnInfo(c).remote.address);
  } catch {
    // No Node bindings on c.env (e.g. app.request() in unit tests).
    return undefined;
  }
};

/**
 * The key a client is rate-limited under: an IPv4 address as it is, an IPv6 address by its /64
 * network (one home or phone gets a whole /64 and can rotate addresses inside it at will).
 * undefined stays undefined (the limiter then uses its shared 'unknown' bucket).
 */
export function rateLimitBucket(address: string | undefined): string | undefined {
  const ip = normalize(address);
  if (!ip || isIP(ip) === 4) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::a.b.c.d) lives in the last 32 bits: outside the /64, so it is dropped.
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}
