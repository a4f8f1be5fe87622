import * as z from 'zod';
import { asciiForms } from '../digits.js';
import { freeTextAsUnicode } from '../directory/burmese.js';
import { CountryCodeSchema, PlaceIdSchema } from '../directory/model.js';
import { AGE_BANDS } from './priority.js';
import { type SafeWindow, WEEKDAYS } from './safe-windows.js';
import { lazySchema } from '../lazy-schema.js';
import { isTimeZone } from '../time-zone.js';
import {
  CONTACT_CHANNELS,
  type ContactChannelKind,
  HELP_KINDS,
  OPERATOR_GENDERS,
  PHONE_CHANNELS,
  REQUEST_LANGUAGES,
} from './vocabulary.js';

/**
 * A callback request: how, when and how safely the helpline may contact someone. What is never
 * asked (product doc, "never collect"): name, date of birth, ID numbers, address, immigration
 * status, offences, the perpetrator, the story. Free text is optional and warns against details.
 */
/**
 * Free text, stored as Unicode: Burmese typed in Zawgyi is converted when the detector is sure;
 * when it is not, the text is kept exactly as typed (a wrong conversion would garble it).
 */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'too-long' })
    .optional()
    .transform((v) => {
      if (!v) return undefined;
      const read = freeTextAsUnicode(v);
      return read.original ?? read.text;
    });

const Time = lazySchema(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/));

/** One safe contact window as a form gives it (domain/requests/safe-windows.ts works with them). */
export const SafeWindowSchema: z.ZodType<SafeWindow> = lazySchema(() =>
  z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
      from: Time,
      to: Time,
    })
    .strict()
    .refine((w) => w.from !== w.to, { message: 'empty-window', path: ['to'] }),
);

const IanaTimeZone = lazySchema(() => z.string().refine(isTimeZone, 'unknown-time-zone'));

/** The contact part: the only answers besides consent that cannot be skipped. */
export const ContactSchema = lazySchema(() =>
  z
    .object({
      channel: z.enum(CONTACT_CHANNELS, { error: 'required' }),
      handle: z
        .string({ error: 'required' })
        .trim()
        // Digits of any script and full-width forms are stored as ASCII (๐๘๑… → 081…).
        .overwrite(asciiForms)
        .min(3, { error: 'required' })
        .max(120, { error: 'too-long' }),
    })
    .superRefine((v, ctx) => {
      if (PHONE_CHANNELS.includes(v.channel)) {
        const digits = v.handle.replace(/[\s().-]/g, '');
        if (!/^\+?\d{6,15}$/.test(digits))
          ctx.addIssue({ code: 'custom', path: ['handle'], message: 'phone-format' });
      }
      if (v.channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.handle)) {
        ctx.addIssue({ code: 'custom', path: ['handle'], message: 'email-format' });
      }
    }),
);

export const SafetyOfContactSchema = lazySchema(() =>
  z.object({
    mayLeaveMessage: z.boolean().default(false),
    mayNameOrganisation: z.boolean().default(false),
    ifSomeoneElseAnswers: optionalText(200),
    codeWord: optionalText(40),
  }),
);

export const WhenSchema = lazySchema(() =>
  z.object({
    timeZone: IanaTimeZone,
    /** Empty: no limits were given; the operator asks first whether it is safe to talk. */
    safeWindows: z.array(SafeWindowSchema).max(7).default([]),
  }),
);

export const AboutSchema = lazySchema(() =>
  z.object({
    languages: z.array(z.enum(REQUEST_LANGUAGES)).max(6).default([]),
    interpreter: z.boolean().default(false),
    operatorGender: z.enum(OPERATOR_GENDERS).default('any'),
    ageBand: z.enum(AGE_BANDS).default('prefer-not-to-say'),
    country: CountryCodeSchema.optional(),
    province: PlaceIdSchema.optional(),
  }),
);

export const NeedsSchema = lazySchema(() =>
  z.object({
    helpKinds: z.array(z.enum(HELP_KINDS)).max(HELP_KINDS.length).default([]),
    dangerNow: z.boolean().default(false),
    hurtOrSick: z.boolean().default(false),
    threats: z.boolean().default(false),
    shelterTonight: z.boolean().default(false),
    message: optionalText(500),
  }),
);

export const CallbackRequestSchema = lazySchema(() =>
  z
    .object({
      idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'idempotency-key' }),
      consentCallback: z.literal(true, { error: 'consent-required' }),
    })
    .and(ContactSchema)
    .and(SafetyOfContactSchema)
    .and(WhenSchema)
    .and(AboutSchema)
    .and(NeedsSchema),
);
export type CallbackRequestInput = z.infer<typeof CallbackRequestSchema>;

/** Encrypted part: what could identify or endanger the person if read by the wrong eyes. */
export interface RequestPersonalData {
  channel: ContactChannelKind;
  handle: string;
  codeWord?: string | undefined;
  ifSomeoneElseAnswers?: string | undefined;
  message?: string | undefined;
}

export function personalDataOf(input: CallbackRequestInput): RequestPersonalData {
  return {
    channel: input.channel,
    handle: input.handle,
    codeWord: input.codeWord,
    ifSomeoneElseAnswers: input.ifSomeoneElseAnswers,
    message: input.message,
  };
}
