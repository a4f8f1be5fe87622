/**
 * Lighthouse (the npm package, default mobile configuration: Moto G Power screen, simulated slow 4G,
 * 4× CPU) performance and accessibility scores, with Debian's Chromium started by chrome-launcher.
 * Nothing is downloaded and every request stays on 127.0.0.1.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH } from '../support/browser.js';
import { BENCH_LOCALES, type BenchPage } from './pages.js';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LighthouseRow {
  page: BenchPage['id'];
  label: string;
  lang: string;
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  /** Audits below full marks (ids), to say what costs points. */
  failing: string[];
}

/** Runtime errors that say the trace was not recorded (a busy machine), not that the page is wrong. */
const RETRIED_ERRORS = new Set(['NO_NAVSTART', 'NO_FCP', 'NO_LCP', 'NO_TRACING_STARTED', 'PROTOCOL_TIMEOUT']);
const ATTEMPTS = 3;

export async function measureLighthouse(baseUrl: string, pages: BenchPage[]): Promise<LighthouseRow[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROME_FLAGS,
    logLevel: 'silent',
  });
  const rows: LighthouseRow[] = [];
  try {
    for (const page of pages) {
      for (const lang of BENCH_LOCALES) {
        let lhr: NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'] | undefined;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          const result = await lighthouse(`${baseUrl}${page.path(lang)}`, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
          });
          if (!result) throw new Error(`Lighthouse returned nothing for ${page.path(lang)}`);
          lhr = result.lhr;
          const code = lhr.runtimeError?.code;
          if (!code) break;
          if (!RETRIED_ERRORS.has(code) || attempt === ATTEMPTS)
            throw new Error(
              `Lighthouse: ${code} ${lhr.runtimeError?.message} (${page.path(lang)}, attempt ${attempt})`,
            );
          console.log(
            `  Lighthouse did not record ${page.path(lang)} (${code}); trying again (${attempt + 1}/${ATTEMPTS})`,
          );
        }
        if (!lhr) throw new Error(`Lighthouse returned nothing for ${page.path(lang)}`);
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        const failing = Object.values(lhr.categories)
          .flatMap((c) => c.auditRefs)
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((a) => a && a.score !== null && a.score < 1)
          .map((a) => `${a?.id}${a?.score !== null ? `=${a?.score}` : ''}`);
        rows.push({
          page: page.id,
          label: page.label,
          lang,
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          fcp: audit('first-contentful-paint'),
          lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          failing,
        });
      }
    }
  } finally {
    chrome.kill();
  }
  return rows;
}
