import { createServer } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

/** Fails early with a clear message when the port is taken, instead of a stack trace. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortTakenError(
              `Port ${port} on ${host} is already in use. Stop the other program or set PORT=<another port>.`,
            )
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Anything with a fetch handler: a Hono app, or the portal's public + console dispatch. */
export interface Fetchable {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
}

/** Sends /console to the console app and everything else to the public app, as CloudFront does in AWS. */
export function portalDispatch(publicApp: Fetchable, consoleApp?: Fetchable): Fetchable {
  return {
    fetch: (request, env) =>
      consoleApp && new URL(request.url).pathname.startsWith('/console')
        ? consoleApp.fetch(request, env)
        : publicApp.fetch(request, env),
  };
}

/**
 * A refused body (413) was not read: the rest of it may still be on its way on this connection, so
 * the connection is closed after the answer (`Connection: close`), and the client's next request
 * goes out on a new connection instead of failing on this one.
 */
export function closeAfterRefusedBody(app: Fetchable): Fetchable {
  return {
    fetch: async (request, env) => {
      const response = await app.fetch(request, env);
      if (response.status !== 413) return response;
      const headers = new Headers(response.headers);
      headers.set('Connection', 'close');
      return new Response(response.body, { status: response.status, headers });
    },
  };
}

/** Serves an app on loopback only. Resolves once listening, with the actual port. */
export function listen(
  app: Fetchable,
  port: number,
  host = '127.0.0.1',
): Promise<{ server: ServerType; port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const served = closeAfterRefusedBody(app);
    const server = serve(
      { fetch: (request, env) => served.fetch(request, env), port, hostname: host },
      (info) => {
        resolve({
          server,
          port: info.port,
          close: () =>
            new Promise<void>((r) => {
              server.close(() => r());
              // Keep-alive connections would otherwise hold the close open.
              if ('closeAllConnections' in server)
                (server as { closeAllConnections: () => void }).closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
