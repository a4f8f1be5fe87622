import * as z from 'zod';
import { HelplineChannelsSchema, type HelplineSetup, demoHelplineChannels } from './domain/helpline.js';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from './domain/locales.js';
import { parseSafeguardingTriggers } from './domain/requests/safeguarding.js';
import { isTimeZone } from './domain/time-zone.js';

const localeList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(SUPPORTED_LOCALES)).min(1));

/** Sample helpline number shipped for local use and demos: never a real line. */
export const DEMO_HELPLINE_PHONE = '+66 2 000 0000';

/** Runtime configuration of the Lambda functions and the local server, parsed once at start-up. */
const RuntimeConfigSchema = z.object({
  SITE_NAME: z.string().min(1).max(40).default('Waypoint'),
  LOCALES: localeList.default([...SUPPORTED_LOCALES]),
  APP_TABLE_NAME: z.string().min(3).default('waypoint-app'),
  AUDIT_TABLE_NAME: z.string().min(3).default('waypoint-audit'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  /** Neutral page the quick exit goes to, per language: JSON object, e.g. {"en":"https://…"}. */
  EXIT_URLS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        return z.record(z.string(), z.url()).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'EXIT_URLS must be a JSON object of language → https URL' });
        return z.NEVER;
      }
    }),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Listings not verified for this many days are marked as possibly out of date. */
  STALE_AFTER_DAYS: z.coerce.number().int().min(7).max(3650).default(180),
  /**
   * Server secret for signing form tokens and hashing client addresses for rate limits
   * (at least 32 characters). `npm start` creates one in .data/; in AWS it comes from Secrets Manager.
   */
  APP_SECRET: z.string().min(32).optional(),
  /** Local only: the raw AES key file for envelope encryption of personal data. */
  PII_KEY_FILE: z.string().min(1).optional(),
  /** AWS: the KMS key that protects personal data (the public function may only encrypt with it). */
  PII_KMS_KEY_ARN: z.string().startsWith('arn:').optional(),
  /** Multiplies every per-client rate limit (load tests and busy shared connections). */
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(100_000).default(1),
  /** Staff sign-in (OpenID Connect): Cognito in AWS, the local provider with `npm start`. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('waypoint-console'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The groups claim in the ID token (Cognito: cognito:groups). */
  OIDC_ROLES_CLAIM: z.string().min(1).default('cognito:groups'),
  /**
   * Cognito's logout endpoint (https://<domain>/logout), which its discovery document does not list.
   * Unset: sign-out uses the provider's end_session_endpoint (the local provider has one).
   */
  OIDC_LOGOUT_URL: z.url().optional(),
  /**
   * AWS: the Cognito user pool the staff area manages (invite, disable, groups). Unset with the
   * local provider: the staff area manages the local sign-in accounts in DynamoDB Local instead.
   */
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
    .optional(),
  /** Where the portal is reached, e.g. https://help.example.org (sign-in callback, Secure cookies). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** Absolute limit of a staff session. */
  SESSION_HOURS: z.coerce.number().min(1).max(24).default(10),
  /** A staff session unused for this long ends (shared office computers). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  /** A claim ends by itself after this long if the operator abandons the request. */
  CLAIM_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(45),
  /** Unsuccessful attempts in a row before a request goes to a supervisor. */
  MAX_UNSUCCESSFUL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /**
   * After "no answer" on an urgent request (in danger now, or a child): the next try this many
   * minutes later, inside the same safe window when enough of it is left.
   */
  URGENT_RETRY_MINUTES: z.coerce.number().int().min(5).max(240).default(15),
  /**
   * Every other unsuccessful try (and "unsafe to talk" or "someone else answered" at any priority):
   * the next safe window, and at least this many minutes later.
   */
  NORMAL_RETRY_MINUTES: z.coerce.number().int().min(15).max(1440).default(60),
  /** Waiting-time targets per priority in minutes ("1,2,3"), for overdue markers and alarms. */
  TARGET_MINUTES: z
    .string()
    .default('30,240,1440')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.tuple([z.number().positive(), z.number().positive(), z.number().positive()])),
  /**
   * The helpline's own phone line, shown with the urgent numbers on every "in danger now" page.
   * The default is a sample value for trying the portal; pages mark it as "not a real line" until
   * the deploying organisation sets its own (CDK config `helplinePhone`).
   */
  HELPLINE_PHONE: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{1,22}$/, 'a phone number such as +66 2 123 4567')
    .default(DEMO_HELPLINE_PHONE),
  /**
   * The helpline's own live channels with their hours, shown as "talk to someone now" wherever a
   * journey could end: a JSON array of {kind, value, open24h?, hours?: [{days, opens, closes}]},
   * kind one of phone, sms, whatsapp, line, viber, telegram, signal, messenger, email. Unset: sample
   * channels marked "sample" (with HELPLINE_PHONE as the phone line, or only that line when it is
   * set to a real number).
   */
  HELPLINE_CHANNELS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        return HelplineChannelsSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message:
            'HELPLINE_CHANNELS must be a JSON array like [{"kind":"phone","value":"+66 2 123 4567","open24h":true}]',
        });
        return z.NEVER;
      }
    }),
  /** The helpline's time zone: its channels' hours, "open now" and the console's times are in it. */
  HELPLINE_TIME_ZONE: z
    .string()
    .default('Asia/Bangkok')
    .refine(isTimeZone, 'an IANA time zone such as Asia/Bangkok'),
  /**
   * Which requests an operator may escalate to a supervisor for a safeguarding decision
   * (docs/safeguarding.md): "child,danger-now" (default), "child", "danger-now" or "none".
   */
  SAFEGUARDING_ESCALATION: z
    .string()
    .default('child,danger-now')
    .transform((value, ctx) => {
      const triggers = parseSafeguardingTriggers(value);
      if (triggers) return triggers;
      ctx.addIssue({
        code: 'custom',
        message:
          'SAFEGUARDING_ESCALATION must be "none" or a list of child, danger-now (e.g. "child,danger-now")',
      });
      return z.NEVER;
    }),
  /** How often each instance checks whether the directory changed. */
  DIRECTORY_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an open queue page asks whether new urgent requests arrived (with JavaScript). */
  QUEUE_ALERT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** How often the queue page reloads itself when JavaScript is off (meta refresh). */
  QUEUE_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;

/** Neutral pages in each language: a general encyclopedia's front page reveals nothing. */
export const DEFAULT_EXIT_URLS: Record<Locale, string> = {
  en: 'https://en.wikipedia.org/wiki/Main_Page',
  th: 'https://th.wikipedia.org/',
  my: 'https://my.wikipedia.org/',
  km: 'https://km.wikipedia.org/',
  lo: 'https://lo.wikipedia.org/',
  vi: 'https://vi.wikipedia.org/',
  'zh-Hans': 'https://zh.wikipedia.org/',
  id: 'https://id.wikipedia.org/',
  shn: 'https://shn.wikipedia.org/',
  // No Karen-language encyclopedia yet: the Burmese one, the language of the fallback chain.
  ksw: 'https://my.wikipedia.org/',
};

/** Parses configuration from the environment; throws a readable message on a wrong value. */
export function loadRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  // Parsed once per instance: zod's compiled fast path would cost more to build than it saves.
  const result = RuntimeConfigSchema.safeParse(env, { jitless: true });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function exitUrlFor(config: RuntimeConfig, locale: Locale): string {
  return config.EXIT_URLS[locale] ?? DEFAULT_EXIT_URLS[locale] ?? DEFAULT_EXIT_URLS[DEFAULT_LOCALE];
}

/**
 * The helpline's live channels from configuration. Unset HELPLINE_CHANNELS: the sample channels
 * (marked as a sample) while HELPLINE_PHONE is the sample number, else the configured phone line
 * alone, with no hours claimed.
 */
export function helplineSetup(config: RuntimeConfig): HelplineSetup {
  const timeZone = config.HELPLINE_TIME_ZONE;
  if (config.HELPLINE_CHANNELS) return { channels: config.HELPLINE_CHANNELS, timeZone, demo: false };
  if (config.HELPLINE_PHONE === DEMO_HELPLINE_PHONE)
    return { channels: demoHelplineChannels(DEMO_HELPLINE_PHONE), timeZone, demo: true };
  return {
    channels: [{ kind: 'phone', value: config.HELPLINE_PHONE, open24h: false, hours: [] }],
    timeZone,
    demo: false,
  };
}
