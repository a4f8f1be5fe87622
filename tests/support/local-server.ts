import { TEST_APP_SECRET } from './requests.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../functions/local/dynamodb-local.js';

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where a local server keeps its DynamoDB data and secrets, and the ports it uses. */
export interface LocalServerSetup {
  /** Folder holding dynamodb/ (DATA_DIR) and secrets/ (SECRETS_DIR). Reused across restarts. */
  dir: string;
  port: number;
  dynamoPort: number;
  oidcPort: number;
}

export interface LocalServer extends LocalServerSetup {
  baseUrl: string;
  dynamoEndpoint: string;
  /** The `tsx` launcher, as `npm start` runs it. */
  launcher: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** The Node process that runs functions/local/start.ts (a child of the tsx launcher). */
  serverPid(): number | undefined;
  /** The DynamoDB Local Java process started by the server (under its watchdog). */
  dynamoPid(): number | undefined;
  /** Ctrl-C: the server stops DynamoDB Local itself. Resolves when the launcher has exited. */
  stop(): Promise<void>;
}

/** Free ports and a fresh temporary folder for a local server that may be restarted on the same data. */
export async function localServerSetup(): Promise<LocalServerSetup> {
  return {
    dir: mkdtempSync(join(tmpdir(), 'waypoint-local-')),
    port: await freePort(),
    dynamoPort: await freePort(),
    oidcPort: await freePort(),
  };
}

/** Parent pid of a process from /proc (Linux), or undefined when it is gone. */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** True while a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below `root` in the process tree. */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentPid(Number(entry));
    if (ppid !== undefined) parents.set(Number(entry), ppid);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parents) {
      if (ppid === pid) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** Waits until `pid` has exited (or throws after `timeoutMs`). */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not exit`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs the portal exactly as `npm start` does (`tsx functions/local/start.ts`): DynamoDB Local on
 * disk in `setup.dir`, the local OpenID Connect provider, demo data, the public site and console,
 * all on free loopback ports. Resolves when the server says it is running.
 */
export async function startLocalServer(
  setup: LocalServerSetup,
  env: Record<string, string> = {},
  timeoutMs = 240_000,
): Promise<LocalServer> {
  const launcher = spawn(process.execPath, [TSX_CLI, 'functions/local/start.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PORT: String(setup.port),
      DYNAMODB_PORT: String(setup.dynamoPort),
      OIDC_PORT: String(setup.oidcPort),
      DATA_DIR: join(setup.dir, 'dynamodb'),
      SECRETS_DIR: join(setup.dir, 'secrets'),
      // The tests' own secret, so they can issue aged form tokens for the JSON intake.
      APP_SECRET: TEST_APP_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  launcher.stdout?.on('data', collect);
  launcher.stderr?.on('data', collect);
  const exited = new Promise<void>((r) => launcher.once('exit', () => r()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      launcher.kill('SIGINT');
      reject(new Error(`the local server did not start in ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const check = () => {
      if (output.includes('Waypoint is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    launcher.stdout?.on('data', check);
    launcher.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local server exited (${code}) before it was running:\n${output.slice(-2000)}`));
    });
  });

  const below = () => (launcher.pid ? descendants(launcher.pid) : []);
  return {
    ...setup,
    baseUrl: `http://127.0.0.1:${setup.port}`,
    dynamoEndpoint: `http://127.0.0.1:${setup.dynamoPort}`,
    launcher,
    output: () => output,
    serverPid: () =>
      below().find((pid) => commandLine(pid).includes('functions/local/start.ts')) ?? launcher.pid,
    // Java itself, not the watchdog shell that started it (whose arguments name the jar too).
    dynamoPid: () =>
      below().find((pid) => /^\S*java /.test(commandLine(pid)) && commandLine(pid).includes('DynamoDBLocal')),
    stop: async () => {
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGINT');
      await exited;
    },
  };
}
