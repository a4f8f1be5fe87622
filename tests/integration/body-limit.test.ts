import http from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullPortal } from '../support/portal.js';

const FIVE_MB = 5 * 1024 * 1024;
/**
 * What refusing eight 5 MB posts (40 MB sent) may add to the process, server and test together.
 * Measured: about 4.6 MB. A server that buffered the bodies would pass 16 MB, so the bound can fail.
 */
const RSS_BOUND_BYTES = 16 * 1024 * 1024;

/** Sends one request through an agent and reads the whole answer; errors after the answer are ignored. */
function send(
  agent: http.Agent,
  url: string,
  options: { method: string; headers?: Record<string, string | number>; body?: Buffer; chunked?: boolean },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      { agent, method: options.method, headers: options.headers ?? {} },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    // The server may close while the rest of a refused body is still on its way (EPIPE, ECONNRESET).
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.body && options.chunked) {
      for (let i = 0; i < options.body.length; i += 64 * 1024)
        req.write(options.body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(options.body);
  });
}

describe('body size limit on a real local server', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let host: string;
  let port: number;
  beforeAll(async () => {
    portal = await startFullPortal();
    const url = new URL(portal.baseUrl);
    host = url.hostname;
    port = Number(url.port);
  }, 60_000);
  afterAll(async () => {
    await portal.close();
  });

  it('answers a 5 MB form post with a translated 413, closes that connection, and answers the next request', async () => {
    // Over a raw socket: headers and the whole 5 MB body, then read until the server closes.
    const received = await new Promise<string>((resolve) => {
      const socket = connect(port, host);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', () => undefined); // the rest of the body may meet a closed socket
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
      socket.write(
        `POST /th/help/request HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${FIVE_MB}\r\nConnection: keep-alive\r\n\r\n`,
      );
      socket.write(Buffer.alloc(FIVE_MB, 'a'));
    });
    const statusLines = received.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
    expect(statusLines).toEqual(['HTTP/1.1 413']);
    expect(received).toMatch(/^connection: close$/im);
    expect(received).toContain('ข้อมูลมากเกินไป'); // the Thai title, "too much to send"

    // Through a keep-alive agent with one socket: the refused post, then ordinary requests.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, `${portal.baseUrl}/en/follow-up/manage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': FIVE_MB },
        body: Buffer.alloc(FIVE_MB, 'b'),
      });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(refused.text).toContain('Too much to send');
      const page = await send(agent, `${portal.baseUrl}/en/help/status`, { method: 'GET' });
      expect(page.status).toBe(200);
      expect(page.text).toContain('action="/en/help/status"');
      const lookup = await send(agent, `${portal.baseUrl}/en/help/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from('code=AAAA-AAAA&pin=2580'),
      });
      expect(lookup.status).toBe(401);
      expect(lookup.text).toContain('action="/en/help/status"');
    } finally {
      agent.destroy();
    }
  });

  it('refuses 5 MB bodies on the JSON API and the console too, without growing memory past a bound', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(FIVE_MB, 'c');
    try {
      const json = await send(agent, `${portal.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': FIVE_MB },
        body,
      });
      expect(json.status).toBe(413);
      expect(JSON.parse(json.text)).toEqual({ error: { code: 'too_large', issues: [] } });
      const consolePost = await send(agent, `${portal.baseUrl}/console/requests/x/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': FIVE_MB },
        body,
      });
      expect(consolePost.status).toBe(413);

      // Without a length announced (chunked), the server must read until the limit and stop there.
      global.gc?.();
      const before = process.memoryUsage().rss;
      for (let i = 0; i < 8; i++) {
        const res = await send(agent, `${portal.baseUrl}/en/help/request`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          chunked: true,
        });
        expect(res.status).toBe(413);
      }
      const grown = process.memoryUsage().rss - before;
      expect(grown).toBeLessThan(RSS_BOUND_BYTES);
      const after = await send(agent, `${portal.baseUrl}/en/help/status`, { method: 'GET' });
      expect(after.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
