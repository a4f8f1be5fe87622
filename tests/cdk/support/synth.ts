import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig, type WaypointConfigInput } from '../../../cdk/config.js';
import { buildWaypoint, type WaypointStacks } from '../../../cdk/waypoint-app.js';
import { type WebDist, writeWebDist } from '../../../cdk/web-dist.js';

/** A complete, valid configuration (the tests change single fields). */
export const TEST_CONFIG: WaypointConfigInput = {
  stage: 'test',
  region: 'ap-southeast-1',
  account: '111111111111',
  siteName: 'Waypoint',
  locales: ['en', 'th', 'my'],
  countries: ['TH', 'MM'],
  retentionDays: 180,
  exitUrls: { en: 'https://en.wikipedia.org/wiki/Main_Page' },
  alarmEmail: 'ops@example.org',
};

let webDist: Promise<WebDist> | undefined;

/** The web build once per test file, in a temporary folder (never the working tree's dist/). */
export function testWebDist(): Promise<WebDist> {
  webDist ??= writeWebDist(mkdtempSync(join(tmpdir(), 'waypoint-web-')));
  return webDist;
}

export interface Synthesized {
  app: App;
  stacks: WaypointStacks;
  main: Template;
  edge: Template;
  edgeAlarms: Template;
}

/**
 * Synthesizes the three stacks. Bundling is skipped unless asked for (template assertions do not
 * need the bundles; the bundled-handler test does).
 */
export async function synthWaypoint(
  overrides: Partial<WaypointConfigInput> = {},
  options: { bundle?: boolean; nag?: boolean; outdir?: string } = {},
): Promise<Synthesized> {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseConfig({ ...TEST_CONFIG, ...overrides });
  const stacks = buildWaypoint(app, config, { webDist: await testWebDist(), nag: options.nag ?? false });
  return {
    app,
    stacks,
    main: Template.fromStack(stacks.main),
    edge: Template.fromStack(stacks.edge),
    edgeAlarms: Template.fromStack(stacks.edgeAlarms),
  };
}
