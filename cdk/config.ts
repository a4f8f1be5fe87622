import { readFileSync } from 'node:fs';
import { HelplineChannelsSchema } from '../functions/domain/helpline.js';
import {
  DEMO_HELPLINE_PHONE,
  demoHelplineChannels,
  isSampleHelplinePhone,
} from '../functions/domain/sample-helpline.js';
import { resolve } from 'node:path';
import * as z from 'zod';
import { SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import { SAFEGUARDING_TRIGGERS } from '../functions/domain/requests/safeguarding.js';
import { referenceData } from '../functions/reference/index.js';

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const countryIds = () => new Set(referenceData().countries.map((c) => c.id));

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const concurrency = z.number().int().min(1).max(10_000);

/**
 * Everything a deploying organisation chooses, validated once at synth time (conventions #8).
 * Unknown keys are rejected so a typo fails loudly instead of being ignored.
 */
export const WaypointConfigSchema = z
  .strictObject({
    /** Short name of this deployment: part of stack and resource names. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,14}$/, 'lower-case letters, digits and "-", 2 to 15 characters'),
    /** Region of the data, the Lambdas and the staff sign-in (the edge parts always live in us-east-1). */
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as ap-southeast-1'),
    /** Optional: pin the stacks to one account (otherwise the CLI's credentials decide). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /** Production: tables and the user pool are retained and protected against deletion. Default: stage is "prod". */
    production: z.boolean().optional(),
    /** Neutral name shown in titles and the header. */
    siteName: z.string().min(1).max(40),
    locales: z.array(z.enum(SUPPORTED_LOCALES)).min(1),
    /** ISO 3166-1 alpha-2 codes of the countries served; each must exist in functions/reference/places.json. */
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'an upper-case ISO 3166-1 alpha-2 code such as TH'))
      .min(1),
    /**
     * The helpline's own phone line, shown with the urgent numbers whenever someone is in danger
     * now. Unset, the portal shows a sample number marked "not a real line".
     */
    helplinePhone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{1,22}$/, 'a phone number such as +66 2 123 4567')
      .optional(),
    /**
     * The helpline's own live channels with hours ("talk to someone now"), e.g.
     * [{ "kind": "line", "value": "@ourline", "hours": [{ "days": ["mo"], "opens": "08:00", "closes": "20:00" }] }].
     * Unset: sample channels marked as a sample (or only helplinePhone when that is set).
     */
    helplineChannels: HelplineChannelsSchema.optional(),
    /**
     * Which requests operators may escalate for a supervisor's safeguarding decision
     * (docs/safeguarding.md): any of "child", "danger-now"; an empty list turns it off.
     */
    safeguardingEscalation: z.array(z.enum(SAFEGUARDING_TRIGGERS)).default([...SAFEGUARDING_TRIGGERS]),
    /** The helpline's time zone: its channels' hours and "open now" are in it. */
    helplineTimeZone: z.string().min(1).default('Asia/Bangkok'),
    /** Days personal data is kept. */
    retentionDays: z.number().int().min(1).max(3650),
    /** Listings not verified for this many days are shown as possibly out of date. */
    staleAfterDays: z.number().int().min(7).max(3650).default(180),
    /** Neutral page the quick exit leads to, per language. */
    exitUrls: z.partialRecord(z.enum(SUPPORTED_LOCALES), httpsUrl).default({}),
    /** Where alarms go (the address must confirm the SNS subscription e-mail). */
    alarmEmail: z.email(),
    /** Optional custom domain, e.g. help.example.org, with its ACM certificate in us-east-1. */
    domainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case host name')
      .optional(),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
        'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from us-east-1)',
      )
      .optional(),
    /** Optional reserved concurrency per function (leave unset on new accounts with a low limit). */
    reservedConcurrency: z
      .strictObject({
        public: concurrency.optional(),
        console: concurrency.optional(),
        jobs: concurrency.optional(),
      })
      .default({}),
    /** AWS WAF: most requests one client address may send in 5 minutes before it is blocked. */
    wafRequestsPer5Min: z.number().int().min(100).max(2_000_000_000).default(1000),
    /**
     * Waiting-time targets in minutes for priorities 1 (urgent), 2 and 3: overdue markers in the
     * console, and an alarm when the oldest urgent request has waited longer than the first.
     */
    waitTargetMinutes: z
      .tuple([
        z.number().int().min(1).max(1440),
        z.number().int().min(1).max(10_080),
        z.number().int().min(1).max(43_200),
      ])
      .default([30, 240, 1440]),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Multiplies every per-client rate limit of the public function. */
    rateLimitScale: z.number().positive().max(100_000).default(1),
    /** Prefix of the staff sign-in domain (<prefix>.auth.<region>.amazoncognito.com); default waypoint-<stage>-<account>. */
    authDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and "-"')
      .refine((p) => !/aws|amazon|cognito/.test(p), 'may not contain "aws", "amazon" or "cognito"')
      .optional(),
    /** CloudFront price class: PriceClass_200 covers South-East Asia. */
    priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).default('PriceClass_200'),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.domainName) !== Boolean(c.certificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.domainName ? 'certificateArn' : 'domainName'],
        message: 'domainName and certificateArn go together: set both or neither',
      });
    }
    const known = countryIds();
    c.countries.forEach((country, i) => {
      if (!known.has(country)) {
        ctx.addIssue({
          code: 'custom',
          path: ['countries', i],
          message: `unknown country ${country}; known: ${[...known].join(', ')}`,
        });
      }
    });
    // A production site must not show the sample line: someone in danger would call a number nobody
    // answers. The sample is only for trying the portal (pages mark it "not a real line").
    if (c.production ?? c.stage === 'prod') {
      if (!c.helplinePhone || isSampleHelplinePhone(c.helplinePhone)) {
        ctx.addIssue({
          code: 'custom',
          path: ['helplinePhone'],
          message: `a production deployment needs the helpline's own phone line (unset or ${DEMO_HELPLINE_PHONE}, the sample, is not a line anyone answers)`,
        });
      }
      // However written: the sample number in any format, the sample handle in any case or link.
      const letters = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
      const handles = demoHelplineChannels(DEMO_HELPLINE_PHONE)
        .filter((channel) => /[a-z]/i.test(channel.value))
        .map((channel) => letters(channel.value));
      (c.helplineChannels ?? []).forEach((channel, i) => {
        const value = letters(channel.value);
        if (isSampleHelplinePhone(channel.value) || handles.some((handle) => value.includes(handle))) {
          ctx.addIssue({
            code: 'custom',
            path: ['helplineChannels', i, 'value'],
            message: 'a production deployment cannot show a sample channel',
          });
        }
      });
    }
    for (const locale of Object.keys(c.exitUrls)) {
      if (!c.locales.includes(locale as (typeof c.locales)[number])) {
        ctx.addIssue({ code: 'custom', path: ['exitUrls', locale], message: `${locale} is not in locales` });
      }
    }
  });

export type WaypointConfigInput = z.input<typeof WaypointConfigSchema>;
export type WaypointConfig = z.output<typeof WaypointConfigSchema> & { production: boolean };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates a raw configuration object; throws a ConfigError naming every wrong field. */
export function parseConfig(raw: unknown, source = 'configuration'): WaypointConfig {
  const result = WaypointConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid Waypoint configuration in ${source}:\n${lines.join('\n')}`);
  }
  return { ...result.data, production: result.data.production ?? result.data.stage === 'prod' };
}

/** Reads and validates a JSON configuration file. */
export function readConfigFile(path: string): WaypointConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`Waypoint configuration file not found: ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Waypoint configuration file ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseConfig(raw, file);
}

/**
 * The configuration of a synth: CDK context `waypoint` (an object, e.g. in cdk.context.json) wins;
 * otherwise the JSON file named by context `config` (`npx cdk deploy -c config=waypoint.config.json`).
 */
export function configFromContext(tryGetContext: (key: string) => unknown): WaypointConfig {
  const inline = tryGetContext('waypoint');
  if (inline !== undefined) {
    const raw = typeof inline === 'string' ? JSON.parse(inline) : inline;
    return parseConfig(raw, 'CDK context "waypoint"');
  }
  const path = tryGetContext('config');
  if (typeof path !== 'string' || path.length === 0) {
    throw new ConfigError(
      'No Waypoint configuration: pass -c config=<file.json> (see waypoint.config.example.json) or set context "waypoint".',
    );
  }
  return readConfigFile(path);
}
