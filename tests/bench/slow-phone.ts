/**
 * Slow-phone load in Chromium: network emulation through the DevTools protocol (250 kbit/s down and
 * up, 300 ms added to every request's round trip) and a 4× CPU slowdown, a 360 × 640 touch screen
 * and an empty cache. Measures first contentful paint and the time until the page's form (or main
 * control) is usable: painted, with every deferred island run (DOMContentLoaded).
 */
import { launchChromium } from '../support/browser.js';
import { BENCH_LOCALES, type BenchPage } from './pages.js';

export const SLOW_NETWORK = {
  offline: false,
  latency: 300,
  downloadThroughput: (250 * 1000) / 8,
  uploadThroughput: (250 * 1000) / 8,
} as const;

export interface SlowLoad {
  page: BenchPage['id'];
  label: string;
  lang: string;
  fcp: number;
  usable: number;
  load: number;
  /** Bytes over the (emulated) wire, headers included, as Chromium counted them. */
  transferred: number;
  requests: number;
  controlFound: boolean;
}

export async function measureSlowPhone(baseUrl: string, pages: BenchPage[]): Promise<SlowLoad[]> {
  const browser = await launchChromium();
  const rows: SlowLoad[] = [];
  try {
    // One unmeasured load first, so the browser's own start-up is not counted against the first page.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(`${baseUrl}${pages[0]?.path('en') ?? '/'}`);
    await warm.close();
    for (const page of pages) {
      for (const lang of BENCH_LOCALES) {
        const context = await browser.newContext({
          viewport: { width: 360, height: 640 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: lang,
        });
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        let transferred = 0;
        let requests = 0;
        cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
          transferred += e.encodedDataLength;
          requests++;
        });
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await tab.goto(`${baseUrl}${page.path(lang)}`, { waitUntil: 'load', timeout: 120_000 });
        // loadEventEnd is written after the load handlers return.
        await tab.waitForFunction(
          () =>
            (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd > 0,
        );
        const m = await tab.evaluate((selector) => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
          const control = document.querySelector(selector);
          const box = control?.getBoundingClientRect();
          return {
            fcp,
            dcl: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            controlFound: Boolean(box && box.width > 0 && box.height > 0),
          };
        }, page.usable);
        rows.push({
          page: page.id,
          label: page.label,
          lang,
          fcp: m.fcp,
          usable: Math.max(m.fcp, m.dcl),
          load: m.load,
          transferred,
          requests,
          controlFound: m.controlFound,
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}
