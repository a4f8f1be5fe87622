import { cspHash, type WebAssets } from '../../web/assets.js';

const css = 'body{margin:0}';
/** Small stand-in web assets for unit tests (the real ones are built with esbuild in other tiers). */
export const FAKE_WEB_ASSETS: WebAssets = {
  css,
  cssHash: cspHash(css),
  scripts: {
    'quick-exit': {
      path: '/assets/quick-exit-test.js',
      content: 'void 0;',
      contentType: 'text/javascript; charset=utf-8',
    },
  },
};
