/**
 * `npm start`: the whole portal on this machine. Starts AWS DynamoDB Local (data on disk under
 * .data/), creates the tables from table-design.ts, loads demo data into an empty directory,
 * builds the web assets, and serves the app on loopback. Ctrl-C stops everything.
 *
 * Crash-safe: if whatever launched this process (`npm start`, its shell, `tsx`) is killed, even
 * with SIGKILL, this process notices within two seconds and stops in order (server, sign-in
 * provider, DynamoDB Local). If this process itself is killed, DynamoDB Local's watchdog stops Java,
 * and the sign-in provider, running inside this process, goes with it. A DynamoDB Local still left on
 * the data folder (pid file) is stopped before the next start.
 */
import { execFileSync } from 'node:child_process';
import { createConsoleDeps } from '../console-deps.js';
import { createPublicDeps } from '../public-deps.js';
import { loadRuntimeConfig } from '../config.js';
import { createDocumentClient } from '../data/dynamo-client.js';
import { ensureTable } from '../data/table-admin.js';
import { AuditLog } from '../data/audit-log.js';
import { CaseworkStore } from '../data/casework-store.js';
import { DirectoryStore } from '../data/directory-store.js';
import { LocalAccounts } from '../data/local-accounts.js';
import { StaffStore } from '../data/staff-store.js';
import { runJob } from '../services/jobs.js';
import { APP_TABLE, AUDIT_TABLE } from '../data/table-design.js';
import { nodeClientAddress } from '../http/client-address.js';
import { createConsoleApp } from '../http/console-app.js';
import { createPublicApp } from '../http/public-app.js';
import { buildWebAssets } from '../../web/build-assets.js';
import { seedDemoDirectory } from './demo/index.js';
import { localSecrets } from './secrets.js';
import { type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.js';
import {
  DEMO_ACCOUNTS,
  type RunningOidcProvider,
  seedDemoStaff,
  startOidcProvider,
} from './oidc-provider.js';
import { assertPortFree, listen, portalDispatch } from './server.js';
import { commandLineOf } from './pid-file.js';

const HOST = '127.0.0.1';

/** Parent pid of a process, from `ps` (Linux and macOS), or undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The processes that launched this one, up to and including `npm` when there is one (tsx, the
 * script shell, npm); otherwise just the direct parent. Any of them gone means the run was killed.
 */
function launchers(): number[] {
  const chain: number[] = [];
  for (let pid: number | undefined = process.ppid; pid && pid > 1 && chain.length < 5; pid = parentOf(pid)) {
    chain.push(pid);
    if (/\bnpm\b|npm-cli/.test(commandLineOf(pid))) return chain;
  }
  return chain.slice(0, 1);
}

/** Calls `onGone` once when one of `pids` has exited (polled every 2 s; the timer does not keep Node alive). */
function watchLaunchers(pids: number[], onGone: (pid: number) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    const gone = pids.find((pid) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    });
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, 2000);
  timer.unref();
  return timer;
}

async function main(): Promise<void> {
  // Node 20 is supported here; the SDK's notice about future versions is noise on every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = Number(process.env.PORT ?? 3000);
  await assertPortFree(port, HOST);

  let dynamo: RunningDynamoDb | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    const dataDir = process.env.DATA_DIR ?? '.data/dynamodb';
    const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
    await assertPortFree(dynamoPort, HOST).catch(() => {
      throw new Error(
        `Port ${dynamoPort} for DynamoDB Local is already in use. Set DYNAMODB_PORT=<another port>, or DYNAMODB_ENDPOINT to use that DynamoDB.`,
      );
    });
    console.log(`Starting DynamoDB Local (data in ${dataDir}) …`);
    dynamo = await startDynamoDbLocal({ port: dynamoPort, dataDir });
    endpoint = dynamo.endpoint;
  }
  // The staff sign-in provider: a local OpenID Connect server standing in for Cognito.
  const baseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  // It starts once the tables exist: it signs in the accounts stored there.
  const localProvider = !process.env.OIDC_ISSUER;
  const oidcPort = Number(process.env.OIDC_PORT ?? 3001);
  if (localProvider) await assertPortFree(oidcPort, HOST);
  let oidcProvider: RunningOidcProvider | undefined;
  const config = loadRuntimeConfig({
    ...localSecrets(process.env.SECRETS_DIR ?? '.data'),
    ...process.env,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    PUBLIC_BASE_URL: baseUrl,
    ...(localProvider ? { OIDC_ISSUER: `http://${HOST}:${oidcPort}` } : {}),
  });
  const doc = createDocumentClient({ endpoint, region: config.AWS_REGION });

  for (const [design, name] of [
    [APP_TABLE, config.APP_TABLE_NAME],
    [AUDIT_TABLE, config.AUDIT_TABLE_NAME],
  ] as const) {
    const result = await ensureTable(doc, design, name);
    if (result === 'created') console.log(`Created table ${name}`);
  }

  const seeded = await seedDemoDirectory(new DirectoryStore(doc, config.APP_TABLE_NAME));
  if (seeded > 0) console.log(`Loaded the sample directory (${seeded} fictional services)`);
  if (localProvider) {
    const accounts = new LocalAccounts(doc, config.APP_TABLE_NAME);
    const staff = await seedDemoStaff(new StaffStore(doc, config.APP_TABLE_NAME), accounts);
    if (staff > 0) console.log(`Added the demo staff accounts (${staff})`);
    oidcProvider = await startOidcProvider({
      accounts,
      port: oidcPort,
      host: HOST,
      publicBaseUrls: [baseUrl],
      clientId: process.env.OIDC_CLIENT_ID ?? 'waypoint-console',
    });
  }

  const webAssets = await buildWebAssets();
  const publicDeps = createPublicDeps(config, webAssets, nodeClientAddress, doc);
  const publicApp = createPublicApp(publicDeps);
  const consoleApp = createConsoleApp(createConsoleDeps(config, webAssets, doc));
  const server = await listen(portalDispatch(publicApp, consoleApp), port, HOST);

  // Scheduled jobs run on timers here, as EventBridge Scheduler runs them in AWS.
  const jobDeps = {
    store: new CaseworkStore(doc, config.APP_TABLE_NAME),
    audit: new AuditLog(doc, config.AUDIT_TABLE_NAME),
    loadDirectory: () => new DirectoryStore(doc, config.APP_TABLE_NAME).loadSnapshot(),
    staleAfterDays: config.STALE_AFTER_DAYS,
    now: () => new Date(),
    log: () => {},
    metric: () => {},
    dueFollowUps: async () => (await publicDeps.services()).requests.followUps.runDue(),
  };
  const jobTimer = setInterval(() => {
    void runJob('expire-claims', jobDeps).catch(() => {});
    void runJob('due-follow-ups', jobDeps).catch(() => {});
    void runJob('erase-notes', jobDeps).catch(() => {});
  }, 60_000);
  jobTimer.unref();

  const base = `http://localhost:${server.port}`;
  console.log(`\nWaypoint is running (DynamoDB at ${endpoint}).`);
  console.log(`  Public site:  ${base}/en/`);
  console.log(`  Health:       ${base}/healthz`);
  console.log(`  Staff console: ${base}/console  (sign-in at ${config.OIDC_ISSUER})`);
  if (oidcProvider) {
    console.log('  Demo staff accounts (local provider: type the login, any password):');
    for (const a of DEMO_ACCOUNTS) console.log(`    ${a.login.padEnd(13)} ${a.note}`);
  }
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    clearInterval(jobTimer);
    await server.close();
    await oidcProvider?.close();
    await dynamo?.stop();
    doc.destroy();
    process.exit(0);
  };
  watchLaunchers(
    launchers(),
    (pid) => void shutdown(`the process that started Waypoint (pid ${pid}) is gone`),
  );
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nWaypoint could not start:\n${message}\n`);
  process.exit(1);
});
