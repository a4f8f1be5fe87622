import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { resolveSecrets, type SecretsClient } from '../../functions/handlers/aws-secrets.js';

/** A Secrets Manager stand-in that records which secrets were asked for. */
function fakeClient(secrets: Record<string, string>) {
  const asked: string[] = [];
  const client: SecretsClient = {
    async send(command: GetSecretValueCommand) {
      const id = String(command.input.SecretId);
      asked.push(id);
      if (!(id in secrets))
        throw Object.assign(new Error(`secret ${id} not found`), { name: 'ResourceNotFoundException' });
      return { SecretString: secrets[id] };
    },
  };
  return { client, asked };
}

describe('resolveSecrets (cold start in AWS)', () => {
  it('fetches APP_SECRET from APP_SECRET_ARN', async () => {
    const env: Record<string, string | undefined> = { APP_SECRET_ARN: 'arn:app' };
    const { client, asked } = fakeClient({ 'arn:app': 'a'.repeat(48) });
    await resolveSecrets(env, client);
    expect(env.APP_SECRET).toBe('a'.repeat(48));
    expect(asked).toEqual(['arn:app']);
  });

  it('does nothing when the value is already set or no ARN is given (local runs, tests)', async () => {
    const env: Record<string, string | undefined> = { APP_SECRET_ARN: 'arn:app', APP_SECRET: 'local-secret' };
    const { client, asked } = fakeClient({});
    await resolveSecrets(env, client);
    await resolveSecrets({}, client);
    expect(env.APP_SECRET).toBe('local-secret');
    expect(asked).toEqual([]);
  });

  it('takes the console settings from a JSON secret without overriding what is set', async () => {
    const env: Record<string, string | undefined> = {
      APP_SECRET_ARN: 'arn:app',
      OIDC_CLIENT_SECRET_ARN: 'waypoint/prod/console-oidc',
      PUBLIC_BASE_URL: 'https://help.example.org',
    };
    const { client, asked } = fakeClient({
      'arn:app': 's'.repeat(48),
      'waypoint/prod/console-oidc': JSON.stringify({
        OIDC_CLIENT_ID: 'client-id',
        OIDC_CLIENT_SECRET: 'client-secret',
        PUBLIC_BASE_URL: 'https://d111.cloudfront.net',
        PATH: '/tmp/evil',
      }),
    });
    await resolveSecrets(env, client);
    expect(asked.sort()).toEqual(['arn:app', 'waypoint/prod/console-oidc']);
    expect(env).toMatchObject({
      APP_SECRET: 's'.repeat(48),
      OIDC_CLIENT_ID: 'client-id',
      OIDC_CLIENT_SECRET: 'client-secret',
      PUBLIC_BASE_URL: 'https://help.example.org',
    });
    expect(env.PATH).toBeUndefined();
  });

  it('fails the cold start naming the variable, never the value', async () => {
    const env: Record<string, string | undefined> = { APP_SECRET_ARN: 'arn:missing' };
    const { client } = fakeClient({});
    await expect(resolveSecrets(env, client)).rejects.toThrowError(
      'Could not read APP_SECRET_ARN from Secrets Manager (ResourceNotFoundException)',
    );
    const json = { OIDC_CLIENT_SECRET_ARN: 'arn:json' } as Record<string, string | undefined>;
    await expect(
      resolveSecrets(json, fakeClient({ 'arn:json': '{"OIDC_CLIENT_ID":"x"}' }).client),
    ).rejects.toThrowError('OIDC_CLIENT_SECRET_ARN holds a JSON secret without OIDC_CLIENT_SECRET');
  });
});
