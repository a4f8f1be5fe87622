/**
 * Page weight of the first view: the HTML document (the stylesheet is inlined in it) and every
 * script the page loads, raw and brotli. Budgets (architecture doc): HTML + CSS ≤ 14 KB brotli,
 * JavaScript islands ≤ 12 KB brotli in total, loaded without blocking render.
 * Also the reference for a lean public-service page: GOV.UK Frontend's own CSS and JS.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_LOCALES, type BenchPage, brotliSize } from './pages.js';

/** 14 KB: what fits in the first TCP round trip (initial congestion window of 10 segments). */
export const FIRST_VIEW_BUDGET = 14 * 1024;
export const JS_BUDGET = 12 * 1024;

export interface PageWeight {
  page: BenchPage['id'];
  label: string;
  lang: string;
  status: number;
  htmlRaw: number;
  htmlBrotli: number;
  cssRaw: number;
  cssBrotli: number;
  jsRaw: number;
  jsBrotli: number;
  scripts: number;
  /** Scripts without defer/async, plus inline scripts: anything that blocks the first render. */
  blockingScripts: number;
  /** Requests to another origin (there must be none). */
  thirdParty: number;
}

export async function measurePageWeight(baseUrl: string, pages: BenchPage[]): Promise<PageWeight[]> {
  const rows: PageWeight[] = [];
  const jsCache = new Map<string, string>();
  for (const page of pages) {
    for (const lang of BENCH_LOCALES) {
      const res = await fetch(`${baseUrl}${page.path(lang)}`);
      const html = await res.text();
      const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '').join('');
      const scriptTags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      let jsRaw = 0;
      let jsBrotli = 0;
      let blocking = 0;
      let thirdParty = 0;
      for (const tag of scriptTags) {
        const attrs = tag[1] ?? '';
        const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
        if (!src) {
          blocking++;
          continue;
        }
        if (!/\b(defer|async)\b/.test(attrs)) blocking++;
        const url = new URL(src, baseUrl);
        let content = jsCache.get(url.href);
        if (content === undefined) {
          content = await (await fetch(url)).text();
          jsCache.set(url.href, content);
        }
        jsRaw += Buffer.byteLength(content);
        jsBrotli += brotliSize(content);
      }
      // Resources the page loads by itself (links to other sites, e.g. contacts, are not loads).
      for (const m of html.matchAll(
        /<(?:link|img|script|iframe|source|audio|video)\b[^>]*\b(?:href|src)="([^"]+)"/g,
      )) {
        const target = new URL(m[1] ?? '', baseUrl);
        if (target.origin !== new URL(baseUrl).origin) thirdParty++;
      }
      rows.push({
        page: page.id,
        label: page.label,
        lang,
        status: res.status,
        htmlRaw: Buffer.byteLength(html),
        htmlBrotli: brotliSize(html),
        cssRaw: Buffer.byteLength(css),
        cssBrotli: brotliSize(css),
        jsRaw,
        jsBrotli,
        scripts: scriptTags.length,
        blockingScripts: blocking,
        thirdParty,
      });
    }
  }
  return rows;
}

/** Every island file, as the CDN serves them: the most any page could load. */
export async function allIslandsWeight(): Promise<{ raw: number; brotli: number; files: number }> {
  const { buildWebAssets } = await import('../../web/build-assets.js');
  const assets = await buildWebAssets();
  const files = Object.values(assets.scripts);
  return {
    files: files.length,
    raw: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
    brotli: files.reduce((n, f) => n + brotliSize(f.content), 0),
  };
}

export interface GovukWeight {
  version: string;
  cssRaw: number;
  cssBrotli: number;
  jsRaw: number;
  jsBrotli: number;
}

/** GOV.UK Frontend's compiled stylesheet and script (the `govuk-frontend` package's dist files). */
export function govukFrontendWeight(): GovukWeight {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('govuk-frontend/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  const dist = join(pkgFile, '..', 'dist', 'govuk');
  const css = readFileSync(join(dist, 'govuk-frontend.min.css'));
  const js = readFileSync(join(dist, 'govuk-frontend.min.js'));
  return {
    version: pkg.version,
    cssRaw: css.length,
    cssBrotli: brotliSize(css),
    jsRaw: js.length,
    jsBrotli: brotliSize(js),
  };
}
