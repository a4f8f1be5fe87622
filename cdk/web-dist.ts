import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildWebAssets } from '../web/build-assets.js';

export interface WebDist {
  /** Folder of hashed island files, uploaded to the assets bucket under /assets/. */
  assetsDir: string;
  /** The web-assets.json every Lambda bundle carries (inline CSS, CSP hash, island paths). */
  webAssetsFile: string;
  islands: number;
}

/**
 * Builds the web assets into `outDir` (default dist/): `web-assets.json` for the Lambda bundles and
 * `assets/<island>-<hash>.js` for the CDN. `npm run build` and `cdk synth` both call this, so the
 * files in the bucket and the paths inside the bundles always come from the same build.
 */
export async function writeWebDist(outDir = 'dist'): Promise<WebDist> {
  const out = resolve(outDir);
  const assetsDir = join(out, 'assets');
  const assets = await buildWebAssets();
  // A clean folder: BucketDeployment uploads exactly this build (older files stay in the bucket).
  rmSync(assetsDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  const webAssetsFile = join(out, 'web-assets.json');
  writeFileSync(webAssetsFile, JSON.stringify(assets));
  for (const file of Object.values(assets.scripts)) {
    writeFileSync(join(out, file.path), file.content);
  }
  return { assetsDir, webAssetsFile, islands: Object.keys(assets.scripts).length };
}
