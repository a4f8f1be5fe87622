/**
 * What the command-line tools (directory:import, directory:export, ops:*) say when they cannot reach
 * DynamoDB: the AWS SDK's own words ("Could not load credentials from any providers") do not say
 * that the local portal needs DYNAMODB_ENDPOINT, nor what AWS needs.
 */
export interface ConnectionHelpOptions {
  /** How the user ran the tool, e.g. `npm run directory:import -- <file-or-folder>`. */
  command: string;
  /** Whether the tool reads the table name from APP_TABLE_NAME (the ops tools take flags instead). */
  usesAppTableName: boolean;
  /** The table the tool tried to read or write, when known. */
  table?: string;
}

type Env = Record<string, string | undefined>;

function isCredentialsError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'CredentialsProviderError' || /could not load credentials/i.test(e?.message ?? '');
}

function isConnectionRefused(error: unknown): boolean {
  const e = error as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  return (
    e?.code === 'ECONNREFUSED' ||
    e?.cause?.code === 'ECONNREFUSED' ||
    (e?.name === 'AggregateError' && /ECONNREFUSED/.test(String(e?.message))) ||
    /ECONNREFUSED/.test(String(e?.message ?? ''))
  );
}

/** The two ways to point a tool at a table: the local portal, or AWS. */
export function whereToConnect(options: ConnectionHelpOptions): string {
  const table = options.usesAppTableName ? ' APP_TABLE_NAME=<AppTableName from the stack outputs>' : '';
  return [
    '  For the local portal (`npm start` running on this machine, DynamoDB Local on port 8000 or DYNAMODB_PORT):',
    `    DYNAMODB_ENDPOINT=http://127.0.0.1:8000 ${options.command}`,
    '  For AWS: sign in (e.g. `aws sso login --profile <profile>`, or AWS_ACCESS_KEY_ID and',
    '  AWS_SECRET_ACCESS_KEY), leave DYNAMODB_ENDPOINT unset, then:',
    `    AWS_PROFILE=<profile> AWS_REGION=<region>${table} ${options.command}`,
  ].join('\n');
}

/**
 * A message that says what to set, for an error that comes from not reaching DynamoDB; undefined
 * for any other error (the caller prints that one as it is).
 */
export function connectionHelp(error: unknown, env: Env, options: ConnectionHelpOptions): string | undefined {
  const endpoint = env.DYNAMODB_ENDPOINT;
  if (!endpoint && isCredentialsError(error)) {
    return [
      'No database to talk to: DYNAMODB_ENDPOINT is not set, so the AWS DynamoDB service was tried, and no',
      'AWS credentials were found.',
      whereToConnect(options),
    ].join('\n');
  }
  if (endpoint && isConnectionRefused(error)) {
    return [
      `Nothing answers at DYNAMODB_ENDPOINT=${endpoint}. Is the local portal running (\`npm start\`), and on that port?`,
      whereToConnect(options),
    ].join('\n');
  }
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ResourceNotFoundException') {
    const where = endpoint ? `at ${endpoint}` : `in AWS region ${env.AWS_REGION ?? 'ap-southeast-1'}`;
    const which = options.table ? `The table "${options.table}"` : 'The table';
    return [
      `${which} does not exist ${where}.${options.usesAppTableName ? ' Set APP_TABLE_NAME to the table the stack created (its AppTableName output), or leave it unset for the local portal (waypoint-app).' : ''}`,
      whereToConnect(options),
    ].join('\n');
  }
  return undefined;
}
