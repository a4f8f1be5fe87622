/**
 * A stand-in for CloudFront in front of the two Lambda function URLs, on 127.0.0.1: the stack's
 * routing (`/console*` and `/api/console/*` to the console function, everything else to the public
 * one), its origin request policies (only FORWARDED_HEADERS; cookies to the console only), the
 * viewer's address in CloudFront-Viewer-Address, and the payload-hash edge function on every
 * request (cdk/edge/payload-hash.ts, the real code). Each function is the bundled handler, called
 * in-process with a function URL event (payload format 2.0) whose Host is the function URL's own
 * host, never the viewer's. Like a function URL with AWS_IAM auth, a request with a body is refused
 * (403) unless x-amz-content-sha256 is the SHA-256 of that body. Responses pass through as the
 * function returned them: status, headers, Set-Cookie, redirects.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CloudFrontRequest, withPayloadHash } from '../../cdk/edge/payload-hash.js';
import { FORWARDED_HEADERS } from '../../cdk/stacks/waypoint-stack.js';

/** A function URL event, payload format 2.0, as Lambda builds it. */
export interface FunctionUrlEvent {
  version: '2.0';
  routeKey: '$default';
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: '$default';
    stage: '$default';
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface FunctionUrlResult {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

export type LambdaHandler = (event: FunctionUrlEvent, context: unknown) => Promise<FunctionUrlResult>;

export type Origin = 'public' | 'console';

/** What one function received: enough to show what reached it and how. */
export interface Delivered {
  origin: Origin;
  event: FunctionUrlEvent;
  status: number;
}

/** The function URL hosts (an id per function, as AWS gives them). */
export const FUNCTION_URL_HOSTS: Record<Origin, string> = {
  public: 'pub4x7kq2m3n5b6c7d8e9f0a1b2c3d4e.lambda-url.ap-southeast-1.on.aws',
  console: 'con4x7kq2m3n5b6c7d8e9f0a1b2c3d4e.lambda-url.ap-southeast-1.on.aws',
};

/** An address in one of CloudFront's ranges: the function's sourceIp behind CloudFront. */
const CLOUDFRONT_ADDRESS = '130.176.0.1';
/** CloudFront hands the edge function at most 1 MB of a body. */
const EDGE_BODY_LIMIT = 1024 * 1024;

const routeOf = (path: string): Origin =>
  path.startsWith('/console') || path.startsWith('/api/console/') ? 'console' : 'public';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function cloudFrontTime(d: Date): string {
  // 12/Mar/2026:19:03:58 +0000, as in requestContext.time
  const [, day, mon, year, time] = /^\w+, (\d+) (\w+) (\d+) ([\d:]+)/.exec(d.toUTCString()) ?? [];
  return `${day}/${mon}/${year}:${time} +0000`;
}

/**
 * Listens on a free loopback port first (its origin is the portal's PUBLIC_BASE_URL, which the
 * handlers read when they load); `attach` then hands it the loaded handlers.
 */
export async function startEdgeProxy() {
  const handlers: Partial<Record<Origin, LambdaHandler>> = {};
  const delivered: Delivered[] = [];
  /** Off: requests reach the function URLs without the payload-hash edge function. */
  let edgeFunction = true;

  async function forward(req: IncomingMessage, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://viewer.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = routeOf(url.pathname);
    const handler = handlers[origin];
    if (!handler) return { statusCode: 502, headers: { 'content-type': 'text/plain' }, body: 'no origin' };

    // The origin request policy: only the allow-listed headers; cookies to the console alone.
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    headers['cloudfront-viewer-address'] = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const cookieHeader = origin === 'console' ? req.headers.cookie : undefined;

    // The edge function, as CloudFront calls it on origin request (includeBody: true).
    const edgeRequest: CloudFrontRequest = {
      method,
      uri: url.pathname,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [{ key: k, value: v }]])),
      ...(body.length > 0 || !['GET', 'HEAD', 'OPTIONS'].includes(method)
        ? {
            body: {
              inputTruncated: body.length > EDGE_BODY_LIMIT,
              action: 'read-only',
              encoding: 'base64',
              data: body.subarray(0, EDGE_BODY_LIMIT).toString('base64'),
            },
          }
        : {}),
    };
    const edged = edgeFunction ? withPayloadHash(edgeRequest) : edgeRequest;
    if (!('method' in edged)) {
      return { statusCode: Number(edged.status), headers: { 'cache-control': 'no-store' }, body: '' };
    }
    for (const [name, values] of Object.entries(edged.headers)) {
      const value = values[0]?.value;
      if (value !== undefined) headers[name] = value;
    }

    // The function URL (AWS_IAM): a body must come with its SHA-256, or the signature does not hold.
    if (body.length > 0 || !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      const expected = createHash('sha256').update(body).digest('hex');
      if (headers['x-amz-content-sha256'] !== expected) {
        return {
          statusCode: 403,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"The request signature we calculated does not match the signature you provided."}',
        };
      }
    }
    const host = FUNCTION_URL_HOSTS[origin];
    const now = new Date();
    const event: FunctionUrlEvent = {
      version: '2.0',
      routeKey: '$default',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookieHeader
        ? {
            cookies: cookieHeader
              .split(';')
              .map((c) => c.trim())
              .filter(Boolean),
          }
        : {}),
      headers: {
        ...headers,
        host,
        'x-forwarded-proto': 'https',
        'x-forwarded-port': '443',
        'x-forwarded-for': CLOUDFRONT_ADDRESS,
        'user-agent': 'Amazon CloudFront',
        'x-amzn-trace-id': `Root=1-${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      },
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams.entries()) } : {}),
      requestContext: {
        accountId: 'anonymous',
        apiId: host.split('.')[0] as string,
        domainName: host,
        domainPrefix: host.split('.')[0] as string,
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: CLOUDFRONT_ADDRESS,
          userAgent: 'Amazon CloudFront',
        },
        requestId: randomUUID(),
        routeKey: '$default',
        stage: '$default',
        time: cloudFrontTime(now),
        timeEpoch: now.getTime(),
      },
      ...(body.length > 0 ? { body: body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0,
    };
    const result = await handler(event, {
      functionName: `waypoint-${origin}`,
      awsRequestId: event.requestContext.requestId,
    });
    delivered.push({ origin, event, status: result.statusCode });
    return result;
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const result = await forward(req, await readBody(req));
        const payload = result.body
          ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
          : Buffer.alloc(0);
        const headers: Record<string, string | string[]> = { ...(result.headers ?? {}) };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        if (result.cookies?.length) headers['set-cookie'] = result.cookies;
        headers['content-length'] = String(payload.length);
        res.writeHead(result.statusCode, headers);
        res.end(req.method === 'HEAD' ? undefined : payload);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`edge proxy: ${(error as Error).message}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    attach(origin: Origin, handler: LambdaHandler) {
      handlers[origin] = handler;
    },
    /** Turns the payload-hash edge function on or off (on by default, as deployed). */
    useEdgeFunction(on: boolean) {
      edgeFunction = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
