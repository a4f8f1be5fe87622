/**
 * A stand-in for CloudFront in front of the local server: answers with brotli (or gzip) when the
 * browser accepts it, as the CDN does in AWS. Loopback only; used by the slow-phone and Lighthouse
 * runs so that the browser downloads what a phone would download.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;
const HOP_BY_HOP = new Set([
  'connection',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'keep-alive',
]);

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCdnProxy(origin: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v === 'string' && !HOP_BY_HOP.has(k) && k !== 'host' && k !== 'accept-encoding')
            headers.set(k, v);
        }
        const body = await readBody(req);
        const upstream = await fetch(`${origin}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(body ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
        });
        let payload = Buffer.from(await upstream.arrayBuffer());
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (!HOP_BY_HOP.has(k)) out[k] = v;
        });
        const accept = String(req.headers['accept-encoding'] ?? '');
        if (COMPRESSIBLE.test(upstream.headers.get('content-type') ?? '') && payload.length > 0) {
          if (/\bbr\b/.test(accept)) {
            payload = brotliCompressSync(payload, {
              params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
            });
            out['content-encoding'] = 'br';
          } else if (/\bgzip\b/.test(accept)) {
            payload = gzipSync(payload, { level: 9 });
            out['content-encoding'] = 'gzip';
          }
          out.vary = 'Accept-Encoding';
        }
        out['content-length'] = String(payload.length);
        res.writeHead(upstream.status, out);
        res.end(req.method === 'HEAD' ? undefined : payload);
      } catch {
        res.writeHead(502);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
