import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromContext, parseConfig, readConfigFile } from '../../cdk/config.js';
import { TEST_CONFIG } from './support/synth.js';

const run = promisify(execFile);

describe('cdk/config.ts', () => {
  it('accepts the committed example and fills defaults', () => {
    const config = readConfigFile('waypoint.config.example.json');
    expect(config.stage).toBe('demo');
    expect(config.production).toBe(false);
    expect(parseConfig({ ...TEST_CONFIG, stage: 'prod', helplinePhone: '+66 2 123 4567' }).production).toBe(
      true,
    );
    expect(parseConfig(TEST_CONFIG)).toMatchObject({
      staleAfterDays: 180,
      waitTargetMinutes: [30, 240, 1440],
      logRetentionDays: 30,
      wafRequestsPer5Min: 1000,
      reservedConcurrency: {},
    });
  });

  const wrong: [string, Record<string, unknown>, RegExp][] = [
    ['a bad e-mail', { alarmEmail: 'not-an-email' }, /alarmEmail: .*email/i],
    ['an unknown language', { locales: ['en', 'xx'] }, /locales\.1/],
    ['an unknown country', { countries: ['TH', 'FR'] }, /countries\.1: unknown country FR/],
    [
      'a certificate outside us-east-1',
      {
        domainName: 'help.example.org',
        certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
      },
      /certificateArn: an ACM certificate ARN in us-east-1/,
    ],
    [
      'a domain without a certificate',
      { domainName: 'help.example.org' },
      /certificateArn: domainName and certificateArn go together/,
    ],
    [
      'an http exit page',
      { exitUrls: { en: 'http://example.org/' } },
      /exitUrls\.en: must be an https:\/\/ URL/,
    ],
    [
      'an exit page for a language not offered',
      { exitUrls: { km: 'https://km.wikipedia.org/' } },
      /exitUrls\.km: km is not in locales/,
    ],
    ['a retention of zero days', { retentionDays: 0 }, /retentionDays/],
    [
      'a helpline line that is not a phone number',
      { helplinePhone: 'call us' },
      /helplinePhone: a phone number/,
    ],
    [
      'a log retention CloudWatch does not offer',
      { logRetentionDays: 10 },
      /logRetentionDays: one of 1, 3, 5/,
    ],
    ['an upper-case stage', { stage: 'Prod' }, /stage: lower-case letters/],
    [
      'a production deployment without its own helpline line',
      { stage: 'prod' },
      /helplinePhone: a production deployment needs the helpline's own phone line/,
    ],
    [
      'a production deployment showing the sample line',
      { production: true, helplinePhone: '+66 2 000 0000' },
      /helplinePhone: a production deployment needs/,
    ],
    [
      'a production deployment showing a sample channel',
      {
        production: true,
        helplinePhone: '+66 2 123 4567',
        helplineChannels: [{ kind: 'line', value: '@waypoint-demo' }],
      },
      /helplineChannels\.0\.value: a production deployment cannot show a sample channel/,
    ],
    // The sample line however it is written: the same number nobody answers.
    ...['+6620000000', '+66 (2) 000-0000', '0066 2 000 0000', '02 000 0000', '+66 (0)2-000-0000'].map(
      (helplinePhone): [string, Record<string, unknown>, RegExp] => [
        `a production deployment showing the sample line written as ${helplinePhone}`,
        { production: true, helplinePhone },
        /helplinePhone: a production deployment needs/,
      ],
    ),
    ...[
      { kind: 'line', value: '@Waypoint-Demo' },
      { kind: 'line', value: 'waypoint-demo' },
      { kind: 'line', value: 'https://line.me/R/ti/p/@waypoint-demo' },
      { kind: 'whatsapp', value: '+6620000000' },
      { kind: 'phone', value: '+66 (2) 000-0000' },
    ].map((channel): [string, Record<string, unknown>, RegExp] => [
      `a production deployment showing the sample ${channel.kind} channel ${channel.value}`,
      { production: true, helplinePhone: '+66 2 123 4567', helplineChannels: [channel] },
      /helplineChannels\.0\.value: a production deployment cannot show a sample channel/,
    ]),
    ['a misspelt key', { alarmEmails: 'ops@example.org' }, /alarmEmails/],
  ];
  for (const [what, change, message] of wrong) {
    it(`rejects ${what} with a message naming the field`, () => {
      expect(() => parseConfig({ ...TEST_CONFIG, ...change }, 'test.json')).toThrowError(message);
      expect(() => parseConfig({ ...TEST_CONFIG, ...change }, 'test.json')).toThrowError(ConfigError);
    });
  }

  it('lets a production deployment show its own line and channels, however close to the sample', () => {
    const config = parseConfig(
      {
        ...TEST_CONFIG,
        production: true,
        helplinePhone: '+66 2 000 0001',
        helplineChannels: [
          { kind: 'phone', value: '+66 2 000 0001', open24h: true },
          { kind: 'line', value: '@waypoint' },
        ],
      },
      'test.json',
    );
    expect(config.helplinePhone).toBe('+66 2 000 0001');
  });

  it('reads the file named by context "config", or the object in context "waypoint"', () => {
    expect(
      configFromContext((k) => (k === 'config' ? 'waypoint.config.example.json' : undefined)).stage,
    ).toBe('demo');
    expect(
      configFromContext((k) => (k === 'waypoint' ? { ...TEST_CONFIG, stage: 'ctx' } : undefined)).stage,
    ).toBe('ctx');
    expect(() => configFromContext(() => undefined)).toThrowError(/pass -c config=<file\.json>/);
    expect(() => readConfigFile('does-not-exist.json')).toThrowError(/not found/);
  });

  it('makes `cdk synth` fail with that message on a wrong value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-config-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...TEST_CONFIG, alarmEmail: 'nobody', retentionDays: -1 }));
    const synth = run(
      'npx',
      ['cdk', 'synth', '--quiet', '--no-notices', '-o', join(dir, 'out'), '-c', `config=${file}`],
      {
        cwd: process.cwd(),
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      },
    );
    const failure = await synth.then(
      () => undefined,
      (error: { stderr: string; stdout: string }) => `${error.stdout}\n${error.stderr}`,
    );
    expect(failure).toBeDefined();
    expect(failure).toContain(`Invalid Waypoint configuration in ${file}`);
    expect(failure).toMatch(/alarmEmail: /);
    expect(failure).toMatch(/retentionDays: /);
  });
});
