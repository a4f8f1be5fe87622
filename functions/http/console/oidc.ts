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
  redirectUri: string;
  postLogoutRedirectUri: string;
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

export interface OidcClient {
  start(): Promise<SignInStart>;
  finish(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<StaffIdentity>;
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
    async finish(callbackUrl, checks) {
      const cfg = await configuration();
      const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('The identity provider returned no subject');
      const { roles, childProtection } = rolesFromGroups(claims[settings.rolesClaim]);
      const name = String(claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub);
      return { sub: claims.sub, name, roles, childProtection };
    },
    async logoutUrl() {
      const cfg = await configuration();
      if (!cfg.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(cfg, {
        client_id: settings.clientId,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
      });
    },
  };
}
