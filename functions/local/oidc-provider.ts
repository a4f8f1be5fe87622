import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import Provider, { interactionPolicy } from 'oidc-provider';
import type { LocalAccounts } from '../data/local-accounts.js';
import type { StaffStore } from '../data/staff-store.js';
import { rolesFromGroups } from '../domain/console/roles.js';

/**
 * A real OpenID Connect provider for local development and tests (`oidc-provider`), standing in for
 * Amazon Cognito. It issues ID tokens with the same groups claim Cognito uses ("cognito:groups").
 * It signs in exactly the accounts stored in DynamoDB Local (functions/data/local-accounts.ts), the
 * ones the staff area invites and manages, with the groups stored for each; a disabled or unknown
 * account gets no tokens. `npm start` seeds the demo accounts below. This development provider does
 * not check passwords (Cognito does, with MFA, in AWS).
 */
export interface DemoAccount {
  login: string;
  name: string;
  groups: string[];
  /** Languages the staff member speaks: seeded into the staff record (the staff area changes them). */
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
  /** The sign-in accounts (DynamoDB Local), read at every sign-in and token request. */
  accounts: Pick<LocalAccounts, 'get'>;
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

  // Signed in here earlier, but the account was disabled (or removed) since: ask who is there
  // again, instead of going on with a session whose account no longer signs in.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('account_unavailable', 'The account cannot sign in', (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );

  const provider = new Provider(issuer, {
    interactions: { policy },
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
      profile: ['name', 'preferred_username', 'cognito:groups'],
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
    // Unknown or disabled: no account, so the code exchange fails and the console refuses the sign-in.
    async findAccount(_ctx, sub) {
      const account = await options.accounts.get(sub);
      if (!account?.enabled) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: account.name,
          preferred_username: account.login,
          email: account.email ?? `${sub}@example.org`,
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
    // The login form: an unknown or disabled account is refused here, and the console's callback
    // receives access_denied (its "sign-in did not work" page). The body read here is handed on:
    // oidc-provider reads an already-read body from req.body.
    if (req.method === 'POST' && /^\/interaction\/[^/]+$/.test(url.pathname)) {
      void readForm(req)
        .then(async (raw) => {
          (req as { body?: string }).body = raw;
          const form = new URLSearchParams(raw);
          if (form.get('prompt') === 'login') {
            const account = await options.accounts.get(form.get('login') ?? '');
            if (!account?.enabled) {
              await provider.interactionFinished(
                req,
                res,
                { error: 'access_denied', error_description: 'This account cannot sign in.' },
                { mergeWithLastSubmission: false },
              );
              return;
            }
          }
          await callback(req, res);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('sign-in failed');
        });
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

/** The body of a small form post (the provider's login form), at most 16 KB. */
function readForm(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 16_384) {
        reject(new Error('form too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Adds the demo sign-in accounts that are missing (the tests' portal has no staff list seeded). */
export async function seedDemoAccounts(accounts: Pick<LocalAccounts, 'get' | 'add'>): Promise<number> {
  let added = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (await accounts.get(a.login)) continue;
    await accounts.add({ login: a.login, name: a.name, groups: a.groups, enabled: true });
    added++;
  }
  return added;
}

/**
 * Adds the demo accounts the local provider signs in, and puts them on the staff list, so
 * reassignment can offer them before they sign in. Only what is missing is added: an account the
 * staff area disabled or changed stays as it is across restarts.
 */
export async function seedDemoStaff(
  staff: Pick<StaffStore, 'get' | 'upsert'>,
  accounts: Pick<LocalAccounts, 'get' | 'add'>,
): Promise<number> {
  const added = await seedDemoAccounts(accounts);
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
  }
  return added;
}
