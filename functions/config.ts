import { DEFAULT_LOCALE, isLocale, SUPPORTED_LOCALES, type Locale } from './domain/locales.js';
import { parseSafeguardingTriggers, type SafeguardingTrigger } from './domain/requests/safeguarding.js';
import { DEMO_HELPLINE_PHONE } from './domain/sample-helpline.js';
import { isTimeZone } from './domain/time-zone.js';

/** Runtime configuration of the Lambda functions and the local server, parsed once at start-up. */
export interface RuntimeConfig {
  SITE_NAME: string;
  LOCALES: Locale[];
  APP_TABLE_NAME: string;
  AUDIT_TABLE_NAME: string;
  DYNAMODB_ENDPOINT?: string | undefined;
  AWS_REGION: string;
  /** Neutral page the quick exit goes to, per language: JSON object, e.g. {"en":"https://…"}. */
  EXIT_URLS: Record<string, string>;
  RETENTION_DAYS: number;
  /** Listings not verified for this many days are marked as possibly out of date. */
  STALE_AFTER_DAYS: number;
  /**
   * Server secret for signing form tokens and hashing client addresses for rate limits
   * (at least 32 characters). `npm start` creates one in .data/; in AWS it comes from Secrets Manager.
   */
  APP_SECRET?: string | undefined;
  /** Local only: the raw AES key file for envelope encryption of personal data. */
  PII_KEY_FILE?: string | undefined;
  /** AWS: the KMS key that protects personal data (the public function may only encrypt with it). */
  PII_KMS_KEY_ARN?: string | undefined;
  /** Multiplies every per-client rate limit (load tests and busy shared connections). */
  RATE_LIMIT_SCALE: number;
  /** Staff sign-in (OpenID Connect): Cognito in AWS, the local provider with `npm start`. */
  OIDC_ISSUER?: string | undefined;
  OIDC_CLIENT_ID: string;
  OIDC_CLIENT_SECRET?: string | undefined;
  /** The groups claim in the ID token (Cognito: cognito:groups). */
  OIDC_ROLES_CLAIM: string;
  /**
   * Cognito's logout endpoint (https://<domain>/logout), which its discovery document does not list.
   * Unset: sign-out uses the provider's end_session_endpoint (the local provider has one).
   */
  OIDC_LOGOUT_URL?: string | undefined;
  /**
   * AWS: the Cognito user pool the staff area manages (invite, disable, groups). Unset with the
   * local provider: the staff area manages the local sign-in accounts in DynamoDB Local instead.
   */
  COGNITO_USER_POOL_ID?: string | undefined;
  /** Where the portal is reached, e.g. https://help.example.org (sign-in callback, Secure cookies). */
  PUBLIC_BASE_URL: string;
  /** Absolute limit of a staff session. */
  SESSION_HOURS: number;
  /** A staff session unused for this long ends (shared office computers). */
  SESSION_IDLE_MINUTES: number;
  /** A claim ends by itself after this long if the operator abandons the request. */
  CLAIM_MINUTES: number;
  /** Unsuccessful attempts in a row before a request goes to a supervisor. */
  MAX_UNSUCCESSFUL_ATTEMPTS: number;
  /**
   * After "no answer" on an urgent request (in danger now, or a child): the next try this many
   * minutes later, inside the same safe window when enough of it is left.
   */
  URGENT_RETRY_MINUTES: number;
  /**
   * Every other unsuccessful try (and "unsafe to talk" or "someone else answered" at any priority):
   * the next safe window, and at least this many minutes later.
   */
  NORMAL_RETRY_MINUTES: number;
  /** Waiting-time targets per priority in minutes ("1,2,3"), for overdue markers and alarms. */
  TARGET_MINUTES: [number, number, number];
  /**
   * The helpline's own phone line, shown with the urgent numbers on every "in danger now" page.
   * The default is a sample value for trying the portal; pages mark it as "not a real line" until
   * the deploying organisation sets its own (CDK config `helplinePhone`).
   */
  HELPLINE_PHONE: string;
  /**
   * The helpline's own live channels with their hours, shown as "talk to someone now" wherever a
   * journey could end: a JSON array of {kind, value, open24h?, hours?: [{days, opens, closes}]},
   * kind one of phone, sms, whatsapp, line, viber, telegram, signal, messenger, email. Unset: sample
   * channels marked "sample" (with HELPLINE_PHONE as the phone line, or only that line when it is
   * set to a real number). Kept as written here: the functions that show the channels check them
   * at their start (domain/helpline.ts helplineSetup), the others never read them.
   */
  HELPLINE_CHANNELS?: string | undefined;
  /** The helpline's time zone: its channels' hours, "open now" and the console's times are in it. */
  HELPLINE_TIME_ZONE: string;
  /**
   * Which requests an operator may escalate to a supervisor for a safeguarding decision
   * (docs/safeguarding.md): "child,danger-now" (default), "child", "danger-now" or "none".
   */
  SAFEGUARDING_ESCALATION: SafeguardingTrigger[];
  /** How often each instance checks whether the directory changed. */
  DIRECTORY_CHECK_SECONDS: number;
  /** How often an open queue page asks whether new urgent requests arrived (with JavaScript). */
  QUEUE_ALERT_SECONDS: number;
  /** How often the queue page reloads itself when JavaScript is off (meta refresh). */
  QUEUE_REFRESH_SECONDS: number;
}

/**
 * Reads one variable: `undefined` when unset (the field's default applies), the value, or a
 * message saying what is wrong. Plain checks rather than a schema library: every function parses
 * its configuration at each cold start, and building a schema of thirty fields costs more than the
 * rest of the start (docs/performance.md).
 */
type Field<T> = (raw: string) => T | Problem;
class Problem {
  constructor(readonly message: string) {}
}

const text =
  (min: number, max = 10_000): Field<string> =>
  (s) =>
    s.length < min
      ? new Problem(`at least ${min} character${min === 1 ? '' : 's'}`)
      : s.length > max
        ? new Problem(`at most ${max} characters`)
        : s;

const matching =
  (pattern: RegExp, message: string): Field<string> =>
  (s) =>
    pattern.test(s) ? s : new Problem(message);

/** A number within [min, max]; `integer` refuses fractions. `min` is exclusive when `above` is set. */
const numberIn =
  (min: number, max: number, options: { integer?: boolean; above?: boolean } = {}): Field<number> =>
  (s) => {
    const n = s.trim() === '' ? Number.NaN : Number(s);
    if (!Number.isFinite(n)) return new Problem('a number');
    if (options.integer && !Number.isInteger(n)) return new Problem('a whole number');
    if (options.above ? n <= min : n < min)
      return new Problem(`${options.above ? 'more than' : 'at least'} ${min}`);
    if (n > max) return new Problem(`at most ${max}`);
    return n;
  };
const integer = (min: number, max: number) => numberIn(min, max, { integer: true });

/**
 * An http or https address with a host (every address in the configuration is one), as the URL
 * parser reads it: without surrounding white space and without tabs or line breaks, which it
 * ignores. Kept that way, so a value pasted with a trailing newline is not used with it (a leading
 * space would make PUBLIC_BASE_URL look like plain http and turn the Secure cookie off).
 */
function asUrl(s: string): string | undefined {
  const value = s.trim().replace(/[\t\n\r]/g, '');
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === 'https:' || protocol === 'http:') && hostname !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
const url: Field<string> = (s) => asUrl(s) ?? new Problem('a URL such as https://example.org');

const localeList: Field<Locale[]> = (s) => {
  const list = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (list.length === 0) return new Problem('at least one language');
  const unknown = list.filter((x) => !isLocale(x));
  if (unknown.length > 0)
    return new Problem(`unknown language ${unknown.join(', ')}; offered: ${SUPPORTED_LOCALES.join(', ')}`);
  return list as Locale[];
};

const exitUrls: Field<Record<string, string>> = (s) => {
  const problem = new Problem('EXIT_URLS must be a JSON object of language → https URL');
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return problem;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return problem;
  const entries = Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? asUrl(v) : undefined]);
  return entries.every(([, v]) => v !== undefined)
    ? (Object.fromEntries(entries) as Record<string, string>)
    : problem;
};

const targetMinutes: Field<[number, number, number]> = (s) => {
  const parts = s.split(',');
  const positive = numberIn(0, Number.MAX_VALUE, { above: true });
  const values = parts.map((p) => positive(p));
  if (values.length !== 3 || values.some((v) => v instanceof Problem))
    return new Problem('three waiting-time targets in minutes, one per priority, such as 30,240,1440');
  return values as [number, number, number];
};

const safeguarding: Field<SafeguardingTrigger[]> = (s) =>
  parseSafeguardingTriggers(s) ??
  new Problem(
    'SAFEGUARDING_ESCALATION must be "none" or a list of child, danger-now (e.g. "child,danger-now")',
  );

const timeZone: Field<string> = (s) =>
  isTimeZone(s) ? s : new Problem('an IANA time zone such as Asia/Bangkok');

/**
 * Each variable with how it is read and its default (absent: optional). An empty value is a value,
 * checked like any other: it is not the same as unset.
 */
const FIELDS: { [K in keyof RuntimeConfig]-?: [Field<NonNullable<RuntimeConfig[K]>>, RuntimeConfig[K]?] } = {
  SITE_NAME: [text(1, 40), 'Waypoint'],
  LOCALES: [localeList, [...SUPPORTED_LOCALES]],
  APP_TABLE_NAME: [text(3), 'waypoint-app'],
  AUDIT_TABLE_NAME: [text(3), 'waypoint-audit'],
  DYNAMODB_ENDPOINT: [url],
  AWS_REGION: [text(1), 'ap-southeast-1'],
  EXIT_URLS: [exitUrls, {}],
  RETENTION_DAYS: [integer(1, 3650), 180],
  STALE_AFTER_DAYS: [integer(7, 3650), 180],
  APP_SECRET: [text(32)],
  PII_KEY_FILE: [text(1)],
  PII_KMS_KEY_ARN: [matching(/^arn:/, 'an ARN (arn:…)')],
  RATE_LIMIT_SCALE: [numberIn(0, 100_000, { above: true }), 1],
  OIDC_ISSUER: [url],
  OIDC_CLIENT_ID: [text(1), 'waypoint-console'],
  OIDC_CLIENT_SECRET: [text(1)],
  OIDC_ROLES_CLAIM: [text(1), 'cognito:groups'],
  OIDC_LOGOUT_URL: [url],
  COGNITO_USER_POOL_ID: [matching(/^[\w-]+_[0-9a-zA-Z]+$/, 'a user pool id such as ap-southeast-1_AbC123')],
  PUBLIC_BASE_URL: [url, 'http://localhost:3000'],
  SESSION_HOURS: [numberIn(1, 24), 10],
  SESSION_IDLE_MINUTES: [integer(1, 240), 30],
  CLAIM_MINUTES: [integer(5, 24 * 60), 45],
  MAX_UNSUCCESSFUL_ATTEMPTS: [integer(1, 20), 3],
  URGENT_RETRY_MINUTES: [integer(5, 240), 15],
  NORMAL_RETRY_MINUTES: [integer(15, 1440), 60],
  TARGET_MINUTES: [targetMinutes, [30, 240, 1440]],
  HELPLINE_PHONE: [
    matching(/^\+?[0-9][0-9 ()-]{1,22}$/, 'a phone number such as +66 2 123 4567'),
    DEMO_HELPLINE_PHONE,
  ],
  HELPLINE_CHANNELS: [text(1)],
  HELPLINE_TIME_ZONE: [timeZone, 'Asia/Bangkok'],
  SAFEGUARDING_ESCALATION: [safeguarding, ['child', 'danger-now']],
  DIRECTORY_CHECK_SECONDS: [integer(1, 3600), 30],
  QUEUE_ALERT_SECONDS: [integer(1, 600), 20],
  QUEUE_REFRESH_SECONDS: [integer(1, 3600), 60],
};

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
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, [read, fallback]] of Object.entries(FIELDS) as [string, [Field<unknown>, unknown?]][]) {
    const raw = env[name];
    if (raw === undefined) {
      // Defaults are copied: a caller changing its configuration never changes the next one's.
      if (fallback !== undefined) config[name] = structuredClone(fallback);
      continue;
    }
    const value = read(raw);
    if (value instanceof Problem) problems.push(`  ${name}: ${value.message}`);
    else config[name] = value;
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return config as unknown as RuntimeConfig;
}

export function exitUrlFor(config: RuntimeConfig, locale: Locale): string {
  return config.EXIT_URLS[locale] ?? DEFAULT_EXIT_URLS[locale] ?? DEFAULT_EXIT_URLS[DEFAULT_LOCALE];
}
