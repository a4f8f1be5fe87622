/**
 * A Lambda handler bundled exactly as the CDK stack bundles it: the same esbuild options
 * (cdk/constructs/waypoint-function.ts BUNDLING), the same entry files (HANDLER_ENTRIES in
 * cdk/stacks/waypoint-stack.ts), the web build's web-assets.json beside index.mjs and, for the
 * functions that render pages, the texts in locales/<lang>/ beside it too. Used by the cold-start
 * bench and the edge tier (tests/integration/edge-tier.test.ts).
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING, LOCALES_BUNDLE_DIR, PROJECT_ROOT } from '../../cdk/constructs/waypoint-function.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';

export async function bundleHandler(
  entry: string,
  outdir: string,
  options: {
    /** The web build's asset list (what `npm run build` writes to dist/web-assets.json). */
    webAssets: unknown;
    /** Copy the texts next to the bundle, as the stack does for page-rendering functions. */
    texts: boolean;
  },
): Promise<void> {
  await build({
    entryPoints: [join(PROJECT_ROOT, entry)],
    outfile: join(outdir, 'index.mjs'),
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target ?? 'node22',
    mainFields: BUNDLING.mainFields ?? ['module', 'main'],
    minify: BUNDLING.minify ?? false,
    sourcemap: BUNDLING.sourceMap ?? false,
    sourcesContent: BUNDLING.sourcesContent ?? true,
    banner: BUNDLING.banner ? { js: BUNDLING.banner } : {},
    define: BUNDLING.define ?? {},
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'web-assets.json'), JSON.stringify(options.webAssets));
  // The texts beside index.mjs, as the CDK bundling copies them (read on a language's first use).
  if (options.texts) {
    for (const locale of SUPPORTED_LOCALES) {
      cpSync(join(PROJECT_ROOT, 'locales', locale), join(outdir, LOCALES_BUNDLE_DIR, locale), {
        recursive: true,
      });
    }
  }
}
