import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullPortal } from '../support/portal.js';
import { type Browserish, CookieJar, csrfToken, navigate, signIn, signOut } from '../support/staff-http.js';

type Portal = Awaited<ReturnType<typeof startFullPortal>>;

/**
 * Staff sign-in and sign-out against the real local OpenID Connect provider, with PUBLIC_BASE_URL
 * on another host than the one requests arrive with (as behind CloudFront, where the function sees
 * its Function URL host).
 */
describe.each([
  { provider: 'end-session endpoint', cognitoLogout: false },
  { provider: 'Cognito-style /logout', cognitoLogout: true },
])('staff sign-in behind another Host ($provider)', ({ cognitoLogout }) => {
  let portal: Portal;
  /** The browser uses PUBLIC_BASE_URL (localhost); requests reach the server as 127.0.0.1. */
  const browser = (): Browserish => ({
    jar: new CookieJar(),
    route: (url) =>
      url.origin === portal.publicBaseUrl
        ? { url: new URL(url.href.replace(portal.publicBaseUrl, portal.baseUrl)) }
        : { url },
  });

  beforeAll(async () => {
    portal = await startFullPortal({}, { publicHost: 'localhost', cognitoLogout });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('signs in although the Host differs from PUBLIC_BASE_URL', async () => {
    expect(new URL(portal.publicBaseUrl).host).not.toBe(new URL(portal.baseUrl).host);
    const who = browser();
    const { landing, askedForCredentials } = await signIn(who, portal.publicBaseUrl, 'operator-a');
    expect(askedForCredentials).toBe(true);
    expect(landing.url.pathname).toBe('/console/auth/callback');
    expect(landing.status).toBe(200);
    const queue = await navigate(who, `${portal.publicBaseUrl}/console`);
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Requests to contact');
  });

  it('sign-out stays on our origin for the form post, ends the provider session, and the next sign-in asks for credentials', async () => {
    const who = browser();
    await signIn(who, portal.publicBaseUrl, 'supervisor');
    // Signed in at the provider: a second "Sign in" goes straight through without a password.
    const again = await signIn(who, portal.publicBaseUrl, 'supervisor');
    expect(again.askedForCredentials).toBe(false);
    expect(again.landing.url.pathname).toBe('/console/auth/callback');

    const csrf = await csrfToken(who, portal.publicBaseUrl);
    const out = await signOut(who, portal.publicBaseUrl, csrf);
    // form-action 'self' governs the form post and every redirect after it: they all stay on our origin.
    expect(out.posted.trail.every((u) => new URL(u).origin === portal.publicBaseUrl)).toBe(true);
    expect(out.posted.url.pathname).toBe('/console/auth/end-session');
    // That page moves on to the provider, which ends its session and returns to our signed-out page.
    expect(out.trail.some((u) => u.startsWith(portal.oidcIssuer))).toBe(true);
    if (cognitoLogout) {
      const logout = new URL(
        out.trail.find((u) => u.startsWith(`${portal.oidcIssuer}/logout`)) ?? 'http://x/',
      );
      expect(logout.searchParams.get('client_id')).toBe('waypoint-console');
      expect(logout.searchParams.get('logout_uri')).toBe(`${portal.publicBaseUrl}/console/signed-out`);
    }
    expect(out.page.url.href).toBe(`${portal.publicBaseUrl}/console/signed-out`);
    expect(out.page.status).toBe(200);

    // Our session is gone …
    const after = await fetch(`${portal.baseUrl}/console`, {
      headers: { cookie: who.jar.header(new URL(portal.publicBaseUrl)) },
      redirect: 'manual',
    });
    expect(after.status).toBe(302);
    // … and so is the provider's: the next person must type credentials.
    const next = await signIn(who, portal.publicBaseUrl, 'operator-b');
    expect(next.askedForCredentials).toBe(true);
  });
});
