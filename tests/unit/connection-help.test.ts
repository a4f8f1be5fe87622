import { describe, expect, it } from 'vitest';
import { connectionHelp } from '../../scripts/connection-help.js';

const importOptions = {
  command: 'npm run directory:import -- <file-or-folder>',
  usesAppTableName: true,
  table: 'waypoint-app',
};

/** What the AWS SDK throws when no credential provider finds anything. */
function credentialsError(): Error {
  const error = new Error('Could not load credentials from any providers');
  error.name = 'CredentialsProviderError';
  return error;
}

describe('what the command-line tools say when they cannot reach DynamoDB', () => {
  it('no DYNAMODB_ENDPOINT and no AWS credentials: both ways, with exactly what to set', () => {
    const help = connectionHelp(credentialsError(), {}, importOptions);
    expect(help).toContain('DYNAMODB_ENDPOINT is not set');
    expect(help).toContain('no\nAWS credentials were found');
    expect(help).toContain(
      '    DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm run directory:import -- <file-or-folder>',
    );
    expect(help).toContain(
      '    AWS_PROFILE=<profile> AWS_REGION=<region> APP_TABLE_NAME=<AppTableName from the stack outputs> npm run directory:import -- <file-or-folder>',
    );
    expect(help).toContain('aws sso login');
  });

  it('the ops tools take table names as flags, so APP_TABLE_NAME is not suggested', () => {
    const help = connectionHelp(
      credentialsError(),
      {},
      {
        command: 'npm run ops:copy-table -- --from a --to b',
        usesAppTableName: false,
      },
    );
    expect(help).toContain(
      'DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm run ops:copy-table -- --from a --to b',
    );
    expect(help).toContain('AWS_PROFILE=<profile> AWS_REGION=<region> npm run ops:copy-table');
    expect(help).not.toContain('APP_TABLE_NAME');
  });

  it('an endpoint where nothing answers: says so and names it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const help = connectionHelp(refused, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }, importOptions);
    expect(help).toMatch(
      /^Nothing answers at DYNAMODB_ENDPOINT=http:\/\/127\.0\.0\.1:8000\. Is the local portal running/,
    );
  });

  it('a missing table: names it and where it was looked for', () => {
    const missing = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
    });
    expect(connectionHelp(missing, { AWS_REGION: 'eu-west-1' }, importOptions)).toContain(
      'The table "waypoint-app" does not exist in AWS region eu-west-1. Set APP_TABLE_NAME',
    );
  });

  it('any other error is left to the caller (no misleading advice)', () => {
    expect(connectionHelp(new Error('disk full'), {}, importOptions)).toBeUndefined();
    // Credentials are not the problem when an endpoint is set (DynamoDB Local accepts any).
    expect(
      connectionHelp(credentialsError(), { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }, importOptions),
    ).toBeUndefined();
  });
});
