import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Four tiers, each saying what it touches:
 *   unit        no I/O, milliseconds
 *   integration real DynamoDB Local (one in-memory instance per run, started in globalSetup)
 *   cdk         CloudFormation template assertions
 *   e2e         real Chromium driving the real server against DynamoDB Local
 */
// Node 20 is supported; the SDK's notice about future Node versions is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserPresent = existsSync(CHROMIUM_PATH);
if (!browserPresent) {
  const banner = [
    '',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    `!! Chromium not found at ${CHROMIUM_PATH}: the browser (e2e) tier will NOT run.`,
    '!! Install it with:  apt-get update && apt-get install -y chromium',
    '!! (or set CHROMIUM_PATH). CI sets REQUIRE_BROWSER=1, where this is a failure.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '',
  ].join('\n');
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(banner);
  console.warn(banner);
}

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          globalSetup: ['tests/support/dynamo-global-setup.ts'],
          // Generous: a busy machine (CI, shared laptops) is slower, never wrong. No test asserts a duration.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      { extends: true, test: { name: 'cdk', include: ['tests/cdk/**/*.test.ts'], testTimeout: 120_000 } },
      ...(browserPresent
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e',
                include: ['tests/e2e/**/*.test.ts'],
                globalSetup: ['tests/support/dynamo-global-setup.ts'],
                testTimeout: 180_000,
                hookTimeout: 240_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
