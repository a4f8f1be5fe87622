import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type AssetFile, cspHash, type WebAssets } from './assets.js';

export const ISLANDS = [
  'quick-exit',
  'near-me',
  'request-form',
  'console-refresh',
  'offline-save',
  'listen',
] as const;
export type IslandName = (typeof ISLANDS)[number];

const webDir = fileURLToPath(new URL('.', import.meta.url));

function shortHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

/**
 * Builds the CSS and the islands in memory with esbuild. Targets old mobile browsers
 * (es2017, Chrome 61, Safari 11) because survivors' phones are often years old.
 */
export async function buildWebAssets(): Promise<WebAssets> {
  const css = await buildCss('site.css');
  // The staff console's extra styles stay out of the survivors' pages (their first view is budgeted).
  const consoleCss = await buildCss('console.css');

  const scripts: Record<string, AssetFile> = {};
  for (const island of ISLANDS) {
    const content = await buildScript(`${webDir}islands/${island}.ts`);
    scripts[island] = {
      path: `/assets/${island}-${shortHash(content)}.js`,
      content,
      contentType: 'text/javascript; charset=utf-8',
    };
  }
  // The service worker keeps a fixed URL: its scope is the folder it is served from.
  const serviceWorker: AssetFile = {
    path: '/sw.js',
    content: await buildScript(`${webDir}islands/service-worker.ts`),
    contentType: 'text/javascript; charset=utf-8',
  };
  return {
    css,
    cssHash: cspHash(css),
    consoleCss,
    consoleCssHash: cspHash(consoleCss),
    scripts,
    serviceWorker,
  };
}

async function buildCss(file: string): Promise<string> {
  const source = await readFile(`${webDir}styles/${file}`, 'utf8');
  const result = await build({
    stdin: { contents: source, loader: 'css', resolveDir: `${webDir}styles` },
    bundle: true,
    minify: true,
    write: false,
    target: ['chrome61', 'safari11', 'firefox60'],
  });
  return (result.outputFiles[0]?.text ?? '').trim();
}

async function buildScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    target: ['es2017', 'chrome61', 'safari11'],
    legalComments: 'none',
  });
  return result.outputFiles[0]?.text ?? '';
}
