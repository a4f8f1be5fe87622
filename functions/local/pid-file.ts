import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Pid files for the local runtime (`npm start`): each long-running process writes one in its data
 * folder, so the next start can find and stop what a crashed run left behind. A pid is only acted on
 * when the process still runs the expected command: pids are reused, and a stale file must never
 * make us stop someone else's program.
 */
export interface PidRecord {
  pid?: number;
  [key: string]: number | string | undefined;
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as PidRecord) : undefined;
  } catch {
    return undefined;
  }
}

export function writePidFile(file: string, record: PidRecord): void {
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function clearPidFile(file: string): void {
  rmSync(file, { force: true });
}

/** The command line of a process, or '' when it is gone (Linux /proc, else `ps`). */
export function commandLineOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return '';
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  }
}

/** True when `pid` is alive and its command line contains every one of `expected`. */
export function isRunning(pid: number, expected: string[]): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  const command = commandLineOf(pid);
  return command !== '' && expected.every((part) => command.includes(part));
}

function alive(pid: number): boolean {
  return commandLineOf(pid) !== '';
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone. */
export async function stopProcess(pid: number, graceMs = 15_000): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!alive(pid)) return;
  signal('SIGKILL');
  const hardDeadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < hardDeadline) await new Promise((r) => setTimeout(r, 100));
}
