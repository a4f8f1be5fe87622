/**
 * Staff sign-in and sign-out over plain HTTP, as a browser does it, against the real local OpenID
 * Connect provider: a cookie jar per origin, redirects followed by hand, the provider's login,
 * consent and sign-out forms submitted. `route` maps the address a browser would use to the address
 * the request is actually sent to (as CloudFront forwards to a Function URL with another Host).
 */

/** Cookies per origin (enough for these flows: paths and expiry dates are not needed). */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: URL, res: Response): void {
    const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    this.byOrigin.set(url.origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name);
  }
}

export interface Browserish {
  jar: CookieJar;
  /** Where requests for `url` really go (default: unchanged). */
  route?: (url: URL) => { url: URL; headers?: Record<string, string> };
}

export interface Landing {
  url: URL;
  status: number;
  text: string;
  /** Every address visited, in order, the first one included. */
  trail: string[];
}

/** One request, then every redirect after it, as a browser follows them. */
export async function navigate(
  who: Browserish,
  start: string | URL,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<Landing> {
  let url = new URL(start);
  let method = init.method ?? 'GET';
  let body: URLSearchParams | undefined = init.form ? new URLSearchParams(init.form) : undefined;
  const trail: string[] = [];
  for (let hop = 0; hop < 20; hop++) {
    trail.push(url.href);
    const routed = who.route?.(url) ?? { url };
    const res = await fetch(routed.url, {
      method,
      redirect: 'manual',
      headers: {
        ...(routed.headers ?? {}),
        cookie: who.jar.header(url),
        'accept-language': 'en',
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    who.jar.store(url, res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    return { url, status: res.status, text: await res.text(), trail };
  }
  throw new Error(`too many redirects from ${String(start)}`);
}

function formAction(page: Landing, pattern: RegExp): URL | undefined {
  for (const m of page.text.matchAll(/<form[^>]*action="([^"]+)"/g)) {
    const action = (m[1] ?? '').replaceAll('&amp;', '&');
    if (pattern.test(action)) return new URL(action, page.url);
  }
  return undefined;
}

/** The local provider's interaction form and the prompt it answers ("login" or "consent"). */
function interactionForm(page: Landing): { action: URL; prompt: string } | undefined {
  const action = formAction(page, /\/interaction\//);
  const prompt = /name="prompt" value="([a-z]+)"/.exec(page.text)?.[1];
  return action && prompt ? { action, prompt } : undefined;
}

/** True when the page is the provider's login form: the person must type credentials. */
export function asksForCredentials(page: Landing): boolean {
  return /name="password"/.test(page.text) && interactionForm(page)?.prompt === 'login';
}

/**
 * From "Sign in" on the console to the console's "continue" page: the provider's login form
 * (any password for the local provider) and, the first time, its consent form.
 */
export async function signIn(
  who: Browserish,
  baseUrl: string,
  login: string,
): Promise<{ landing: Landing; askedForCredentials: boolean }> {
  let page = await navigate(who, `${baseUrl}/console/auth/login`);
  const askedForCredentials = asksForCredentials(page);
  for (let step = 0; step < 4 && !page.url.pathname.startsWith('/console'); step++) {
    const form = interactionForm(page);
    if (!form) throw new Error(`unexpected page at ${page.url.href}: ${page.status}`);
    page = await navigate(who, form.action, {
      method: 'POST',
      form: form.prompt === 'login' ? { prompt: 'login', login, password: 'any' } : { prompt: form.prompt },
    });
  }
  return { landing: page, askedForCredentials };
}

/** The CSRF token of the signed-in session, read from a console page. */
export async function csrfToken(who: Browserish, baseUrl: string): Promise<string> {
  const page = await navigate(who, `${baseUrl}/console`);
  const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on ${page.url.href} (${page.status})`);
  return token;
}

/**
 * "Sign out" as a browser does it: the form post to our origin, its 303, then the page that moves
 * on to the provider (meta refresh), and the provider's own confirmation when it asks for one.
 * Returns every address visited and where it ended.
 */
export async function signOut(who: Browserish, baseUrl: string, csrf: string) {
  const posted = await navigate(who, `${baseUrl}/console/auth/logout`, {
    method: 'POST',
    form: { csrf },
  });
  const trail = [...posted.trail];
  const refresh = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(posted.text)?.[1];
  let page = posted;
  if (refresh) {
    page = await navigate(who, new URL(refresh.replaceAll('&amp;', '&'), posted.url));
    trail.push(...page.trail);
    const confirm = formAction(page, /\/session\/end\/confirm$/);
    if (confirm) {
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      page = await navigate(who, confirm, { method: 'POST', form: { xsrf, logout: 'yes' } });
      trail.push(...page.trail);
    }
  }
  return { posted, page, trail };
}
