import * as oidc from 'openid-client';
import { rolesFromGroups, type StaffIdentity } from '../../domain/console/roles.js';

/**
 * Staff sign-in with OpenID Connect (authorization code + PKCE). The same code talks to Amazon
 * Cognito in AWS and to the local provider that `npm start` runs.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  /** Always built from PUBLIC_BASE_URL, never from the request's Host (behind CloudFront the
   * function sees its Function URL host). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  /**
   * Cognito's logout endpoint (https://<domain>/logout), which discovery does not announce. When
   * set, sign-out goes there with `client_id` and `logout_uri`; otherwise to the provider's
   * `end_session_endpoint` with `client_id` and `post_logout_redirect_uri`.
   */
  logoutUrl?: string | undefined;
  /** Claim that lists the user's groups (Cognito: "cognito:groups"). */
  rolesClaim: string;
  /** Only for the local provider on http://localhost. */
  allowInsecure: boolean;
}

export interface SignInStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Who signed in, as the identity provider describes them (written to the staff list). Languages
 * are not among the claims: they are kept in the staff record, set in the staff area.
 */
export interface SignedInStaff extends StaffIdentity {
  login: string;
  groups: string[];
}

export interface OidcClient {
  start(): Promise<SignInStart>;
  /** `callbackQuery`: the query string the provider sent to our callback (code, state, …). */
  finish(
    callbackQuery: URLSearchParams,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignedInStaff>;
  /** Where the browser ends the provider's own session, or undefined when the provider has none. */
  logoutUrl(): Promise<URL | undefined>;
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    config ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(),
        settings.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        config = undefined; // try discovery again on the next sign-in
        throw error;
      });
    return config;
  };

  return {
    async start() {
      const cfg = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, nonce, codeVerifier };
    },
    async finish(callbackQuery, checks) {
      const cfg = await configuration();
      // The token request's redirect_uri must equal the one sent at the start, so the callback URL
      // is rebuilt from the configured address with the provider's parameters.
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery.toString();
      const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('The identity provider returned no subject');
      const rawGroups = claims[settings.rolesClaim];
      const { roles, childProtection } = rolesFromGroups(rawGroups);
      const groups = Array.isArray(rawGroups)
        ? rawGroups.filter((g): g is string => typeof g === 'string').slice(0, 50)
        : [];
      const name = String(claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub).slice(
        0,
        100,
      );
      // Cognito's own user name is the subject id in a pool that signs in by e-mail: the address
      // is what the staff list shows.
      const login = String(
        claims.preferred_username ?? claims.email ?? claims['cognito:username'] ?? claims.sub,
      ).slice(0, 100);
      return { sub: claims.sub, name, roles, childProtection, login, groups };
    },
    async logoutUrl() {
      if (settings.logoutUrl) {
        const url = new URL(settings.logoutUrl);
        url.searchParams.set('client_id', settings.clientId);
        url.searchParams.set('logout_uri', settings.postLogoutRedirectUri);
        return url;
      }
      const cfg = await configuration();
      if (!cfg.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(cfg, {
        client_id: settings.clientId,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
      });
    },
  };
}
