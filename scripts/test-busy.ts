/**
 * `npm run test:busy`: the whole `npm test` with two CPU-burning processes beside it, as on a busy CI
 * runner or a shared laptop. The suite must pass here too: tests assert counts and invariants, never
 * speed. The burners are always stopped (test passed, failed or interrupted), and this script exits
 * with the test run's exit code. Extra arguments go to `npm test`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';

const BURNERS = Number(process.env.BUSY_BURNERS ?? 2);

// Spins in 100 ms slices and exits when its parent is gone, so a killed runner leaves no burner behind.
const BURN = `
const parent = process.ppid;
const slice = () => {
  if (process.ppid !== parent) process.exit(0);
  const until = Date.now() + 100;
  while (Date.now() < until) {}
  setImmediate(slice);
};
slice();
`;

const burners: ChildProcess[] = Array.from({ length: BURNERS }, () =>
  spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }),
);

function stopBurners(): void {
  for (const burner of burners) {
    if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
  }
}
process.on('exit', stopBurners);

console.log(
  `test:busy: ${burners.length} CPU-burning processes started (pids ${burners.map((b) => b.pid).join(', ')}); load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tests = spawn(npm, ['test', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    tests.kill(signal);
  });
}
tests.on('exit', (code, signal) => {
  stopBurners();
  console.log(
    `test:busy: npm test ${code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`} beside ${burners.length} busy loops; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  process.exit(code ?? 1);
});
