import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import type { StaffStore } from '../data/staff-store.js';
import { rolesFromGroups } from '../domain/console/roles.js';

/**
 * A real OpenID Connect provider for local development and tests (`oidc-provider`), standing in for
 * Amazon Cognito. It issues ID tokens with the same groups claim Cognito uses ("cognito:groups").
 * Only the demo accounts below can sign in; this development provider does not check passwords
 * (Cognito does, with MFA, in AWS).
 */
export interface DemoAccount {
  login: string;
  name: string;
  groups: string[];
  /** Languages the staff member speaks, sent as the "custom:languages" claim. */
  languages: string[];
  note: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    login: 'operator-a',
    name: 'Anong (operator)',
    groups: ['operator', 'child-protection'],
    languages: ['th', 'en'],
    note: 'operator, Thai and English, child-protection team',
  },
  {
    login: 'operator-b',
    name: 'Bo Bo (operator)',
    groups: ['operator'],
    languages: ['my', 'en'],
    note: 'operator, Burmese and English',
  },
  {
    login: 'supervisor',
    name: 'Sophea (supervisor)',
    groups: ['supervisor', 'child-protection'],
    languages: ['km', 'en'],
    note: 'supervisor, child-protection team',
  },
  {
    login: 'supervisor-b',
    name: 'Kham (supervisor)',
    groups: ['supervisor'],
    languages: ['lo', 'en'],
    note: 'supervisor, not in the child-protection team',
  },
  {
    login: 'editor',
    name: 'Dara (directory editor)',
    groups: ['directory-editor'],
    languages: ['km', 'en'],
    note: 'directory editor',
  },
  { login: 'admin', name: 'Minh (admin)', groups: ['admin'], languages: ['vi', 'en'], note: 'administrator' },
];

export interface RunningOidcProvider {
  issuer: string;
  close: () => Promise<void>;
}

export async function startOidcProvider(options: {
  port: number;
  host?: string;
  publicBaseUrls: string[];
  clientId: string;
  /**
   * Shaped like Amazon Cognito's managed login: no end_session_endpoint in discovery, and instead
   * `GET /logout?client_id=…&logout_uri=…`, which ends the session and returns to logout_uri.
   * Default: the standard end-session endpoint (`/session/end`).
   */
  cognitoLogout?: boolean;
}): Promise<RunningOidcProvider> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const issuer = `http://${host}:${port}`;
  const accounts = new Map(DEMO_ACCOUNTS.map((a) => [a.login, a]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: options.publicBaseUrls.map((b) => `${b}/console/auth/callback`),
        post_logout_redirect_uris: options.publicBaseUrls.map((b) => `${b}/console/signed-out`),
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'cognito:groups', 'custom:languages'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    // SameSite=None would need Secure, which plain-http localhost cannot offer: use Lax.
    cookies: {
      keys: [randomBytes(32).toString('hex')],
      long: { signed: true, sameSite: 'lax' },
      short: { signed: true, sameSite: 'lax' },
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: !options.cognitoLogout,
        // A plain page (the library's default loads a web font from a third party).
        async logoutSource(ctx, form) {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body><h1>Sign out of the local sign-in service?</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button> <button type="submit" form="op.logoutForm">No, stay signed in</button></body></html>`;
        },
      },
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: account.name,
          preferred_username: account.login,
          'custom:languages': account.languages.join(','),
          email: `${sub}@example.org`,
          'cognito:groups': account.groups,
        }),
      };
    },
  });
  provider.on('server_error', () => {
    // Errors are shown to the browser by the provider; nothing personal is logged here.
  });
  const callback = provider.callback();
  const logoutUris = new Set(options.publicBaseUrls.map((b) => `${b}/console/signed-out`));
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (options.cognitoLogout && url.pathname === '/logout') {
      // As Cognito: both parameters required, the client must be ours and logout_uri registered.
      const logoutUri = url.searchParams.get('logout_uri') ?? '';
      if (url.searchParams.get('client_id') !== options.clientId || !logoutUris.has(logoutUri)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid logout request');
        return;
      }
      // Forgetting the session cookie ends the browser's session at this provider.
      const expired = 'Max-Age=0; Path=/; HttpOnly; SameSite=Lax';
      res
        .writeHead(302, {
          location: logoutUri,
          'set-cookie': [`_session=; ${expired}`, `_session.sig=; ${expired}`],
          'cache-control': 'no-store',
        })
        .end();
      return;
    }
    void callback(req, res);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Puts the demo accounts on the staff list (once), so reassignment can offer them before they sign in. */
export async function seedDemoStaff(staff: Pick<StaffStore, 'get' | 'upsert'>): Promise<number> {
  let added = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (await staff.get(a.login)) continue;
    const { roles } = rolesFromGroups(a.groups);
    await staff.upsert({
      sub: a.login,
      name: a.name,
      login: a.login,
      roles,
      groups: a.groups,
      languages: a.languages,
    });
    added++;
  }
  return added;
}
