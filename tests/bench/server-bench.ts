import { agedFormToken } from '../support/requests.js';
/**
 * Server figures with autocannon against the local server (`tsx functions/local/start.ts`, its own
 * Node process; DynamoDB Local in Java): SSR latency per page at 1, 10 and 50 concurrent clients,
 * and request intake (POST /api/public/requests, each with a new idempotency key).
 * Every run is bounded by time and goes to 127.0.0.1 only.
 */
import autocannon from 'autocannon';
import { type BenchPage, percentile } from './pages.js';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  errors: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  // Without a callback autocannon returns its event emitter, which is also a promise of the result.
  const instance = autocannon(options) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    perSecond: times.length / (options.duration as number),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? Number.NaN,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

export interface SsrRow extends LoadResult {
  page: BenchPage['id'];
  label: string;
  connections: number;
}

export const CONCURRENCY = [1, 10, 50] as const;

export async function measureSsr(
  baseUrl: string,
  pages: BenchPage[],
  lang = 'en',
  seconds = 3,
): Promise<SsrRow[]> {
  const rows: SsrRow[] = [];
  for (const page of pages) {
    const url = `${baseUrl}${page.path(lang)}`;
    // Warm-up: the first render of a page loads its translations.
    await load({ url, connections: 2, duration: 1 });
    for (const connections of CONCURRENCY) {
      const r = await load({ url, connections, duration: seconds, timeout: 20 });
      rows.push({ page: page.id, label: page.label, connections, ...r });
    }
  }
  return rows;
}

export interface IntakeRow extends LoadResult {
  connections: number;
  created: number;
}

/** A complete, valid request; the idempotency key and its single-use form token change each time. */
export function intakeBody(key: string): string {
  return JSON.stringify({
    idempotencyKey: key,
    formToken: agedFormToken(),
    consentCallback: true,
    channel: 'whatsapp',
    handle: '+66 81 555 0101',
    timeZone: 'Asia/Bangkok',
    safeWindows: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], from: '18:00', to: '21:00' }],
    codeWord: 'bench-word',
    message: 'Benchmark request',
    country: 'TH',
    helpKinds: ['housing'],
  });
}

export async function measureIntake(
  baseUrl: string,
  connections: number,
  seconds: number,
): Promise<IntakeRow> {
  let n = 0;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const r = await load({
    url: `${baseUrl}/api/public/requests`,
    connections,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: intakeBody(`bench-${run}-${String(n++).padStart(8, '0')}`) }),
      },
    ],
  });
  return { connections, created: r.statuses['201'] ?? 0, ...r };
}
