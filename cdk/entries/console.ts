/**
 * Deployment entry of the console function: resolves the console's secrets and sign-in settings
 * from Secrets Manager (OIDC_CLIENT_SECRET_ARN), then loads functions/handlers/console.ts, whose
 * module code parses the configuration. The dynamic import keeps that order inside the bundle.
 * Once console.ts calls `await resolveSecrets()` itself this adapter is redundant (the second call
 * finds everything set and does nothing) and HANDLER_ENTRIES.console can point at console.ts.
 */
import { resolveSecrets } from '../../functions/handlers/aws-secrets.js';

await resolveSecrets();
export const { handler } = await import('../../functions/handlers/console.js');
