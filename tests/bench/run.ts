/**
 * `npm run bench`: prints every measured figure and exits non-zero when a budget of the architecture
 * doc is broken (the broken budgets are listed at the end). Not part of `npm test`: timings depend on
 * the machine; results go to docs/performance.md.
 *
 * Sections (all by default; `BENCH_ONLY=weight,lighthouse npm run bench` runs some):
 *   relevance  search relevance on tests/fixtures/relevance (top-1, top-3, zero results per locale);
 *              alone: `npm run bench:relevance` (add `-- --verbose` to list the misses)
 *   search     in-process directory search at 5,000 and 50,000 listings
 *   queue      operators' queue with 100,000 open requests in DynamoDB Local
 *   cold       bundled Lambda handlers: import time and bundle sizes
 *   weight     page weight of the first view, and GOV.UK Frontend's CSS + JS for comparison
 *   ssr        server-side rendering latency at 1, 10 and 50 concurrent clients (autocannon)
 *   intake     POST /api/public/requests throughput and latency
 *   phone      slow-phone load in Chromium (2G-like network, 4× CPU slowdown)
 *   lighthouse Lighthouse mobile performance and accessibility
 * `BENCH_JSON=file` also writes every figure as JSON.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { type LocalServer, localServerSetup, startLocalServer } from '../support/local-server.js';
import { startCdnProxy } from './cdn-proxy.js';
import { COLD_INIT_BUDGET_RATIO, FIRST_REQUEST, measureColdStart, RATIO_JUDGED } from './cold-start.js';
import { measureLighthouse } from './lighthouse-bench.js';
import {
  allIslandsWeight,
  FIRST_VIEW_BUDGET,
  govukFrontendWeight,
  JS_BUDGET,
  measurePageWeight,
} from './page-weight.js';
import { benchPages, kb, ms, pickServiceId } from './pages.js';
import { benchQueue } from './queue-bench.js';
import { measureRelevance, printRelevance } from './relevance.js';
import { benchSearch } from './search-bench.js';
import { measureIntake, measureSsr } from './server-bench.js';
import { measureSlowPhone } from './slow-phone.js';

// Node 20 is supported; the SDK's notice about future Node versions is noise in the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = [
  'relevance',
  'search',
  'queue',
  'cold',
  'weight',
  'ssr',
  'intake',
  'phone',
  'lighthouse',
] as const;
type Section = (typeof SECTIONS)[number];
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (s: Section) => only.length === 0 || only.includes(s);

const broken: string[] = [];
const results: Record<string, unknown> = {};
const started = performance.now();

function check(ok: boolean, what: string): string {
  if (!ok) broken.push(what);
  return ok ? 'OK' : 'OVER BUDGET';
}

/** Prints rows as an aligned table. */
function table(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const [n, row] of cells.entries()) {
    console.log(
      `  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
    );
    if (n === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
}

/** The machine's load average (1, 5, 15 min), printed beside every section's figures. */
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;

const cpu = cpus();
console.log(
  `Machine: Node ${process.version}, ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${new Date().toISOString().slice(0, 10)}, ${load()}\n`,
);
results.machine = {
  node: process.version,
  cores: cpu.length,
  cpu: cpu[0]?.model,
  date: new Date().toISOString(),
  loadAverage: loadavg(),
};

if (wanted('relevance')) {
  console.log('Search relevance (project query set, sample directory)');
  const rows = await measureRelevance();
  results.relevance = rows.map(({ misses: _m, ...r }) => r);
  for (const locale of printRelevance(rows)) broken.push(`search relevance targets in ${locale}`);
  console.log('');
}

if (wanted('search')) {
  console.log(`${'Directory search (in process)'} (${load()})`);
  const rows = benchSearch();
  results.search = rows;
  for (const r of rows) {
    const status = check(r.p95 < r.budget, `search p95 at ${r.listings} listings < ${r.budget} ms`);
    console.log(
      `  ${String(r.listings).padStart(6)} listings: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (budget < ${r.budget} ms) ${status}; index build from stored words ${r.buildMs.toFixed(0)} ms`,
    );
  }
  const largest = rows[rows.length - 1];
  console.log(`  per query shape at ${largest?.listings} listings (p50 / p95, results):`);
  for (const s of largest?.shapes ?? [])
    console.log(
      `    ${s.p50.toFixed(2).padStart(7)} / ${s.p95.toFixed(2).padStart(7)} ms  ${String(s.total).padStart(6)}  ${s.query}`,
    );
  console.log(
    `  word segmentation when a listing is saved: ${rows[0]?.segmentMsPerListing.toFixed(2)} ms per listing\n`,
  );
}

if (wanted('queue')) {
  console.log(`${'Operator queue page (DynamoDB Local, GSI queries, no Scan)'} (${load()})`);
  const queue = await benchQueue();
  results.queue = queue;
  const status = check(queue.p95 < 50, 'queue: first 50 of 100,000 open requests < 50 ms p95');
  console.log(
    `  ${queue.total.toLocaleString('en')} open requests (loaded in ${queue.loadSeconds.toFixed(0)} s): first ${queue.shown} contactable shown, p50 ${queue.p50.toFixed(1)} ms, p95 ${queue.p95.toFixed(1)} ms (budget < 50 ms) ${status}\n`,
  );
}

if (wanted('cold')) {
  console.log(
    `Cold start: bundled Lambda handlers (esbuild as in the CDK stack), import in a fresh Node process (${load()})`,
  );
  const rows = await measureColdStart();
  results.coldStart = rows;
  table(
    [
      'handler',
      'index.mjs',
      'parts',
      'zipped',
      'init median',
      'init max',
      '× baseline',
      'first request',
      'init + request × baseline',
      'budget',
    ],
    rows.map((r) => [
      r.handler,
      kb(r.bundleBytes),
      kb(r.partsBytes),
      kb(r.bundleZipped),
      ms(r.initMedian),
      ms(r.initMax),
      `${r.ratio.toFixed(2)}×`,
      r.firstRequest === undefined ? '' : `${ms(r.firstRequest)} ${FIRST_REQUEST[r.handler]?.path}`,
      r.pageRatio === undefined ? '' : `${r.pageRatio.toFixed(2)}×`,
      RATIO_JUDGED.includes(r.handler)
        ? check(
            r.ratio <= COLD_INIT_BUDGET_RATIO,
            `cold init of the ${r.handler} handler ≤ ${COLD_INIT_BUDGET_RATIO}× the baseline (Hono + DocumentClient + preact-render-to-string)`,
          )
        : '',
    ]),
  );
  console.log('');
}

const needsServer = (['weight', 'ssr', 'intake', 'phone', 'lighthouse'] as const).some(wanted);
let server: LocalServer | undefined;
try {
  if (needsServer) {
    const t = performance.now();
    // The same process `npm start` runs, with per-client limits raised for the load runs.
    server = await startLocalServer(await localServerSetup(), { RATE_LIMIT_SCALE: '100000' });
    console.log(
      `Local server (tsx functions/local/start.ts, DynamoDB Local on disk) up in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  const baseUrl = server?.baseUrl ?? '';
  const pages = server ? benchPages(await pickServiceId(baseUrl)) : [];

  if (wanted('weight') && server) {
    console.log('Page weight of the first view (HTML with inlined CSS; scripts as loaded; brotli q11)');
    const rows = await measurePageWeight(baseUrl, pages);
    results.pageWeight = rows;
    table(
      [
        'page',
        'lang',
        'HTML+CSS raw',
        'HTML+CSS br',
        'of it CSS br',
        'JS raw',
        'JS br',
        'blocking',
        '3rd party',
        'budget',
      ],
      rows.map((r) => {
        const ok =
          r.status === 200 &&
          r.htmlBrotli <= FIRST_VIEW_BUDGET &&
          r.jsBrotli <= JS_BUDGET &&
          r.blockingScripts === 0 &&
          r.thirdParty === 0;
        return [
          r.label,
          r.lang,
          kb(r.htmlRaw),
          kb(r.htmlBrotli),
          kb(r.cssBrotli),
          kb(r.jsRaw),
          kb(r.jsBrotli),
          r.blockingScripts,
          r.thirdParty,
          check(
            ok,
            `page weight of ${r.label} (${r.lang}): HTML+CSS ${kb(r.htmlBrotli)} br (≤ 14 KB), JS ${kb(r.jsBrotli)} br (≤ 12 KB), ${r.blockingScripts} blocking, ${r.thirdParty} third-party`,
          ),
        ];
      }),
    );
    const islands = await allIslandsWeight();
    results.islands = islands;
    const islandsStatus = check(islands.brotli <= JS_BUDGET, 'all JS islands together ≤ 12 KB brotli');
    console.log(
      `  all ${islands.files} islands together (the most any page could load): ${kb(islands.raw)} raw, ${kb(islands.brotli)} brotli (budget ≤ 12 KB) ${islandsStatus}`,
    );
    const gov = govukFrontendWeight();
    results.govuk = gov;
    const ours = rows.filter((r) => r.lang === 'en');
    const maxFirst = Math.max(...rows.map((r) => r.htmlBrotli));
    const maxJs = Math.max(...rows.map((r) => r.jsBrotli));
    const css = rows[0];
    console.log(
      `\nCompared with GOV.UK Frontend ${gov.version} (dist/govuk/govuk-frontend.min.css and .min.js)`,
    );
    table(
      ['', 'CSS raw', 'CSS br', 'JS raw', 'JS br', 'CSS+JS br'],
      [
        [
          `GOV.UK Frontend ${gov.version}`,
          kb(gov.cssRaw),
          kb(gov.cssBrotli),
          kb(gov.jsRaw),
          kb(gov.jsBrotli),
          kb(gov.cssBrotli + gov.jsBrotli),
        ],
        [
          'Waypoint (inline CSS; JS of the heaviest page)',
          kb(css?.cssRaw ?? 0),
          kb(css?.cssBrotli ?? 0),
          kb(Math.max(...rows.map((r) => r.jsRaw))),
          kb(maxJs),
          kb((css?.cssBrotli ?? 0) + maxJs),
        ],
      ],
    );
    console.log(
      `  Our heaviest complete first view (HTML + CSS, brotli) is ${kb(maxFirst)}: ${((maxFirst / (gov.cssBrotli + gov.jsBrotli)) * 100).toFixed(0)} % of GOV.UK Frontend's CSS + JS alone (before any HTML or fonts); English pages ${ours.map((r) => `${r.page} ${kb(r.htmlBrotli)}`).join(', ')}\n`,
    );
  }

  if (wanted('ssr') && server) {
    console.log(
      `${'Server-side rendering latency (autocannon, English pages, 3 s per run, local server)'} (${load()})`,
    );
    const rows = await measureSsr(baseUrl, pages);
    results.ssr = rows;
    table(
      ['page', 'clients', 'requests/s', 'p50', 'p95', 'p99', 'max', 'non-2xx', 'errors'],
      rows.map((r) => [
        r.label,
        r.connections,
        r.perSecond.toFixed(0),
        ms(r.p50, 1),
        ms(r.p95, 1),
        ms(r.p99, 1),
        ms(r.max, 0),
        Object.entries(r.statuses)
          .filter(([s]) => !s.startsWith('2'))
          .reduce((n, [, c]) => n + c, 0),
        r.errors,
      ]),
    );
    console.log('');
  }

  if (wanted('intake') && server) {
    console.log(
      'Request intake: POST /api/public/requests, a new idempotency key each (RATE_LIMIT_SCALE=100000)',
    );
    const rows = [await measureIntake(baseUrl, 1, 3), await measureIntake(baseUrl, 10, 5)];
    results.intake = rows;
    table(
      ['clients', 'stored/s', 'p50', 'p95', 'p99', 'max', '201 created', 'other', 'errors'],
      rows.map((r) => [
        r.connections,
        r.perSecond.toFixed(0),
        ms(r.p50, 1),
        ms(r.p95, 1),
        ms(r.p99, 1),
        ms(r.max, 0),
        r.created,
        r.requests - r.created,
        r.errors,
      ]),
    );
    for (const r of rows)
      check(
        r.requests === r.created && r.errors === 0,
        `intake at ${r.connections} clients: every submission stored`,
      );
    console.log('');
  }

  const proxy =
    server && (wanted('phone') || wanted('lighthouse')) ? await startCdnProxy(baseUrl) : undefined;
  try {
    if (wanted('phone') && proxy) {
      console.log(
        'Slow phone in Chromium: 250 kbit/s, 300 ms RTT (DevTools emulation), 4× CPU slowdown, 360×640, empty cache, brotli',
      );
      const rows = await measureSlowPhone(proxy.url, pages);
      results.slowPhone = rows;
      table(
        ['page', 'lang', 'first contentful paint', 'usable', 'load', 'transferred', 'requests'],
        rows.map((r) => [
          r.label,
          r.lang,
          ms(r.fcp),
          r.controlFound ? ms(r.usable) : 'control missing',
          ms(r.load),
          kb(r.transferred),
          r.requests,
        ]),
      );
      for (const r of rows)
        check(r.controlFound, `slow phone: ${r.label} (${r.lang}) shows its form or main control`);
      console.log('');
    }

    if (wanted('lighthouse') && proxy) {
      console.log(
        `${'Lighthouse 12 mobile (simulated slow 4G, 4× CPU), Chromium via chrome-launcher, brotli'} (${load()})`,
      );
      const rows = await measureLighthouse(proxy.url, pages);
      results.lighthouse = rows;
      table(
        [
          'page',
          'lang',
          'performance',
          'accessibility',
          'FCP',
          'LCP',
          'TBT',
          'CLS',
          'budget',
          'below full marks',
        ],
        rows.map((r) => [
          r.label,
          r.lang,
          r.performance,
          r.accessibility,
          ms(r.fcp),
          ms(r.lcp),
          ms(r.tbt),
          r.cls.toFixed(3),
          check(
            r.performance >= 98 && r.accessibility === 100,
            `Lighthouse ${r.label} (${r.lang}): performance ${r.performance} (≥ 98), accessibility ${r.accessibility} (100)`,
          ),
          r.failing.join(' '),
        ]),
      );
      console.log('');
    }
  } finally {
    await proxy?.close();
  }
} finally {
  await server?.stop();
}

const seconds = (performance.now() - started) / 1000;
results.broken = broken;
results.seconds = seconds;
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Bench finished in ${seconds.toFixed(0)} s.`);
if (broken.length > 0) {
  console.log(`\n${broken.length} budget(s) broken:`);
  for (const b of broken) console.log(`  - ${b}`);
} else {
  console.log('Every budget of the architecture doc holds.');
}
process.exit(broken.length > 0 ? 1 : 0);
