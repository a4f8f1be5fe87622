import type { GetSecretValueCommand, GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';

/** The one call resolveSecrets makes; tests inject a fake. */
export interface SecretsClient {
  send(command: GetSecretValueCommand): Promise<Pick<GetSecretValueCommandOutput, 'SecretString'>>;
}

type Env = Record<string, string | undefined>;

/** `<NAME>_ARN` (an ARN or a secret name) holds the value of `<NAME>`. */
const SECRET_VARIABLES = ['APP_SECRET', 'OIDC_CLIENT_SECRET'] as const;

/**
 * Settings a JSON secret may provide besides the secret itself. The console's client id and public
 * URL depend on the CloudFront distribution in front of the console, so CloudFormation cannot pass
 * them as environment variables; the stack stores them with the client secret (cdk/stacks/waypoint-stack.ts).
 */
const JSON_SETTINGS = new Set(['OIDC_CLIENT_SECRET', 'OIDC_CLIENT_ID', 'PUBLIC_BASE_URL', 'OIDC_ISSUER']);

/**
 * Cold start in AWS: fetches secrets from Secrets Manager into `env` before the configuration is
 * parsed, so no secret is ever a plain environment variable. For each NAME in APP_SECRET and
 * OIDC_CLIENT_SECRET: when NAME_ARN is set and NAME is not, the secret's value becomes NAME. A secret
 * holding a JSON object instead sets each of its allowed keys that `env` does not already have.
 * Locally and in tests nothing is set, nothing is fetched and the SDK is not even loaded.
 * Errors name the variable, never a value.
 */
export async function resolveSecrets(env: Env = process.env, client?: SecretsClient): Promise<void> {
  const wanted = SECRET_VARIABLES.filter((name) => env[`${name}_ARN`] && !env[name]);
  if (wanted.length === 0) return;
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const secrets: SecretsClient = client ?? new sdk.SecretsManagerClient({});
  const values = await Promise.all(
    wanted.map(async (name) => {
      const source = `${name}_ARN`;
      try {
        const out = await secrets.send(new sdk.GetSecretValueCommand({ SecretId: env[source] }));
        if (typeof out.SecretString !== 'string' || out.SecretString.length === 0) {
          throw new Error('the secret has no string value');
        }
        return { name, value: out.SecretString };
      } catch (error) {
        throw new Error(`Could not read ${source} from Secrets Manager (${(error as Error).name})`);
      }
    }),
  );
  for (const { name, value } of values) {
    const settings = jsonObject(value);
    if (!settings) {
      env[name] = value;
      continue;
    }
    for (const [key, setting] of Object.entries(settings)) {
      if (JSON_SETTINGS.has(key) && typeof setting === 'string' && setting && !env[key]) env[key] = setting;
    }
    if (!env[name]) throw new Error(`${name}_ARN holds a JSON secret without ${name}`);
  }
}

function jsonObject(value: string): Record<string, unknown> | undefined {
  if (!value.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
