import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebAssets } from '../web/assets.js';
import type { RuntimeConfig } from './config.js';
import { createDocumentClient } from './data/dynamo-client.js';
import { SessionStore } from './data/session-store.js';
import { StaffStore } from './data/staff-store.js';
import { loadOnce } from './domain/once.js';
import type { ConsoleAppDeps } from './http/console-app.js';
import { createLogger } from './logger.js';

/**
 * The console's dependencies. At cold start only what every request needs: the DynamoDB client,
 * sessions and the staff list. Sign-in (openid-client) loads with the first sign-in, and the
 * services with the first page that needs them (console-services.ts, docs/performance.md).
 */
export function createConsoleDeps(
  config: RuntimeConfig,
  webAssets: WebAssets,
  doc?: DynamoDBDocumentClient,
): ConsoleAppDeps {
  const issuer = config.OIDC_ISSUER;
  if (!issuer) throw new Error('OIDC_ISSUER is not set');
  if (!config.PII_KMS_KEY_ARN && !config.PII_KEY_FILE)
    throw new Error('Set PII_KMS_KEY_ARN (AWS) or PII_KEY_FILE (local)');
  const client =
    doc ?? createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  const staff = new StaffStore(client, config.APP_TABLE_NAME);
  // The staff area: Cognito in AWS; with the local provider (http issuer), its accounts in DynamoDB Local.
  const areas = {
    directoryEditing: true,
    staffAdmin: Boolean(config.COGNITO_USER_POOL_ID || !issuer.startsWith('https://')),
  };
  return {
    config,
    webAssets,
    sessions: new SessionStore(client, config.APP_TABLE_NAME, Date.now, config.SESSION_IDLE_MINUTES * 60),
    staff,
    oidc: loadOnce(async () =>
      (await import('./http/console/oidc.js')).createOidcClient({
        issuer,
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        redirectUri: `${config.PUBLIC_BASE_URL}/console/auth/callback`,
        postLogoutRedirectUri: `${config.PUBLIC_BASE_URL}/console/signed-out`,
        rolesClaim: config.OIDC_ROLES_CLAIM,
        logoutUrl: config.OIDC_LOGOUT_URL,
        allowInsecure: !issuer.startsWith('https://'),
      }),
    ),
    services: loadOnce(async () =>
      (await import('./console-services.js')).createConsoleServices(config, client, staff, areas),
    ),
    areas,
    secureCookies: config.PUBLIC_BASE_URL.startsWith('https://'),
    sessionHours: config.SESSION_HOURS,
    now: () => new Date(),
    log: createLogger('console'),
  };
}
