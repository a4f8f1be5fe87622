import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import { DEMO_HELPLINE_PHONE } from '../../functions/domain/sample-helpline.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { configuredHelpline } from '../../functions/http/page-context.js';

/** The message of the error loadRuntimeConfig throws for this environment. */
function problems(env: Record<string, string>): string {
  try {
    loadRuntimeConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('runtime configuration (functions/config.ts)', () => {
  it('gives every default when nothing is set', () => {
    const config = loadRuntimeConfig({});
    expect(config).toMatchObject({
      SITE_NAME: 'Waypoint',
      LOCALES: [...SUPPORTED_LOCALES],
      APP_TABLE_NAME: 'waypoint-app',
      AUDIT_TABLE_NAME: 'waypoint-audit',
      AWS_REGION: 'ap-southeast-1',
      EXIT_URLS: {},
      RETENTION_DAYS: 180,
      STALE_AFTER_DAYS: 180,
      RATE_LIMIT_SCALE: 1,
      OIDC_CLIENT_ID: 'waypoint-console',
      OIDC_ROLES_CLAIM: 'cognito:groups',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      SESSION_HOURS: 10,
      SESSION_IDLE_MINUTES: 30,
      CLAIM_MINUTES: 45,
      MAX_UNSUCCESSFUL_ATTEMPTS: 3,
      URGENT_RETRY_MINUTES: 15,
      NORMAL_RETRY_MINUTES: 60,
      TARGET_MINUTES: [30, 240, 1440],
      HELPLINE_PHONE: DEMO_HELPLINE_PHONE,
      HELPLINE_TIME_ZONE: 'Asia/Bangkok',
      SAFEGUARDING_ESCALATION: ['child', 'danger-now'],
      DIRECTORY_CHECK_SECONDS: 30,
      QUEUE_ALERT_SECONDS: 20,
      QUEUE_REFRESH_SECONDS: 60,
    });
    for (const optional of [
      'DYNAMODB_ENDPOINT',
      'APP_SECRET',
      'PII_KMS_KEY_ARN',
      'OIDC_ISSUER',
      'HELPLINE_CHANNELS',
    ])
      expect(config).not.toHaveProperty(optional);
  });

  it('reads set values with their types, and leaves unknown variables out', () => {
    const config = loadRuntimeConfig({
      LOCALES: ' th , en ',
      RETENTION_DAYS: '30',
      SESSION_HOURS: '8.5',
      RATE_LIMIT_SCALE: '0.5',
      TARGET_MINUTES: '15,60,600',
      EXIT_URLS: '{"th":"https://th.example.org/"}',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      SAFEGUARDING_ESCALATION: 'none',
      HELPLINE_TIME_ZONE: 'Asia/Yangon',
      COGNITO_USER_POOL_ID: 'ap-southeast-1_AbC123',
      PATH: '/usr/bin',
    });
    expect(config.LOCALES).toEqual(['th', 'en']);
    expect(config.RETENTION_DAYS).toBe(30);
    expect(config.SESSION_HOURS).toBe(8.5);
    expect(config.RATE_LIMIT_SCALE).toBe(0.5);
    expect(config.TARGET_MINUTES).toEqual([15, 60, 600]);
    expect(config.EXIT_URLS).toEqual({ th: 'https://th.example.org/' });
    expect(config.DYNAMODB_ENDPOINT).toBe('http://127.0.0.1:8000');
    expect(config.SAFEGUARDING_ESCALATION).toEqual([]);
    expect(config.HELPLINE_TIME_ZONE).toBe('Asia/Yangon');
    expect(config.COGNITO_USER_POOL_ID).toBe('ap-southeast-1_AbC123');
    expect(config).not.toHaveProperty('PATH');
  });

  it('names each wrong variable with what it should be, all at once', () => {
    const message = problems({
      LOCALES: 'en,xx',
      RETENTION_DAYS: '0',
      CLAIM_MINUTES: '30.5',
      QUEUE_ALERT_SECONDS: 'soon',
      SESSION_HOURS: '25',
      RATE_LIMIT_SCALE: '0',
      APP_SECRET: 'short',
      DYNAMODB_ENDPOINT: 'localhost:8000',
      PII_KMS_KEY_ARN: 'key/123',
      HELPLINE_PHONE: 'call us',
      HELPLINE_TIME_ZONE: 'Mars/Olympus',
      TARGET_MINUTES: '30,240',
      SAFEGUARDING_ESCALATION: 'everyone',
      EXIT_URLS: '["https://example.org"]',
    });
    expect(message.split('\n')[0]).toBe('Invalid configuration:');
    expect(message).toContain('LOCALES: unknown language xx');
    expect(message).toContain('RETENTION_DAYS: at least 1');
    expect(message).toContain('CLAIM_MINUTES: a whole number');
    expect(message).toContain('QUEUE_ALERT_SECONDS: a number');
    expect(message).toContain('SESSION_HOURS: at most 24');
    expect(message).toContain('RATE_LIMIT_SCALE: more than 0');
    expect(message).toContain('APP_SECRET: at least 32 characters');
    expect(message).toContain('DYNAMODB_ENDPOINT: a URL');
    expect(message).toContain('PII_KMS_KEY_ARN: an ARN');
    expect(message).toContain('HELPLINE_PHONE: a phone number such as +66 2 123 4567');
    expect(message).toContain('HELPLINE_TIME_ZONE: an IANA time zone such as Asia/Bangkok');
    expect(message).toContain('TARGET_MINUTES: three waiting-time targets');
    expect(message).toContain('SAFEGUARDING_ESCALATION: SAFEGUARDING_ESCALATION must be "none"');
    expect(message).toContain('EXIT_URLS: EXIT_URLS must be a JSON object');
    expect(message.split('\n')).toHaveLength(15);
  });

  it('treats an empty value as a value (refused where it is not allowed), not as unset', () => {
    expect(problems({ RETENTION_DAYS: '' })).toContain('RETENTION_DAYS: a number');
    expect(problems({ SITE_NAME: '' })).toContain('SITE_NAME: at least 1 character');
    expect(problems({ LOCALES: ' , ' })).toContain('LOCALES: at least one language');
  });

  it('reads an address as a browser would and keeps it that way: no surrounding space, tab or line break', () => {
    // A value pasted with a trailing newline (a secret, an .env file) parses as a URL; kept as written,
    // " https://…" would turn the Secure session cookie off (startsWith('https://')) and break the
    // sign-in callback address.
    const config = loadRuntimeConfig({
      PUBLIC_BASE_URL: ' https://help.example.org\n',
      OIDC_ISSUER: '\thttps://id.example.org/pool ',
      OIDC_LOGOUT_URL: 'https://auth.example.org/lo\tgout',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000\r\n',
      EXIT_URLS: '{"th":" https://th.example.org/\\n"}',
    });
    expect(config.PUBLIC_BASE_URL).toBe('https://help.example.org');
    expect(config.PUBLIC_BASE_URL.startsWith('https://')).toBe(true);
    expect(config.OIDC_ISSUER).toBe('https://id.example.org/pool');
    expect(config.OIDC_LOGOUT_URL).toBe('https://auth.example.org/logout');
    expect(config.DYNAMODB_ENDPOINT).toBe('http://127.0.0.1:8000');
    expect(config.EXIT_URLS).toEqual({ th: 'https://th.example.org/' });
  });

  it('gives each caller its own copy of the defaults', () => {
    const first = loadRuntimeConfig({});
    first.LOCALES.pop();
    first.TARGET_MINUTES[0] = 1;
    const second = loadRuntimeConfig({});
    expect(second.LOCALES).toEqual([...SUPPORTED_LOCALES]);
    expect(second.TARGET_MINUTES).toEqual([30, 240, 1440]);
  });

  it("checks the helpline's channels where they are shown, with the same kind of message", () => {
    const sample = configuredHelpline(loadRuntimeConfig({}));
    expect(sample.demo).toBe(true);
    expect(sample.channels.map((c) => c.kind)).toEqual(['phone', 'line', 'whatsapp']);
    // The sample number written another way is still the sample, marked as one.
    for (const phone of ['+6620000000', '+66 (2) 000-0000', '02 000 0000'])
      expect(configuredHelpline(loadRuntimeConfig({ HELPLINE_PHONE: phone })).demo, phone).toBe(true);
    const own = configuredHelpline(loadRuntimeConfig({ HELPLINE_PHONE: '+66 2 123 4567' }));
    expect(own).toEqual({
      channels: [{ kind: 'phone', value: '+66 2 123 4567', open24h: false, hours: [] }],
      timeZone: 'Asia/Bangkok',
      demo: false,
    });
    const set = configuredHelpline(
      loadRuntimeConfig({
        HELPLINE_CHANNELS: JSON.stringify([
          { kind: 'line', value: '@helpline', hours: [{ days: ['mo'], opens: '09:00', closes: '17:00' }] },
        ]),
      }),
    );
    expect(set.channels).toEqual([
      {
        kind: 'line',
        value: '@helpline',
        open24h: false,
        hours: [{ days: ['mo'], opens: '09:00', closes: '17:00' }],
      },
    ]);
    for (const broken of ['not json', '[]', '[{"kind":"walk-in","value":"x"}]', '{"kind":"phone"}']) {
      expect(() => configuredHelpline(loadRuntimeConfig({ HELPLINE_CHANNELS: broken }))).toThrow(
        /^Invalid configuration:\n {2}HELPLINE_CHANNELS: must be a JSON array like/,
      );
    }
  });
});
