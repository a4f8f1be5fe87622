import { AREAS } from '../directory/taxonomy.js';

/**
 * The words of a callback request: how someone may be contacted, what help, in which language, by
 * whom. Shared by the request form (request.ts), the pages and the console; no validation here, so
 * the code that only names these words does not load the form's schema library.
 */
export const CONTACT_CHANNELS = [
  'phone',
  'sms',
  'whatsapp',
  'line',
  'viber',
  'telegram',
  'signal',
  'messenger',
  'email',
  'meet',
] as const;
export type ContactChannelKind = (typeof CONTACT_CHANNELS)[number];

export const HELP_KINDS = [...AREAS, 'for-family', 'something-else'] as const;
export const OPERATOR_GENDERS = ['any', 'woman', 'man'] as const;
export const REQUEST_LANGUAGES = [
  'en',
  'th',
  'my',
  'km',
  'lo',
  'vi',
  'zh',
  'id',
  'shn',
  'kar',
  'other',
] as const;

/** Version of the consent wording; stored with each consent so we know what the person agreed to. */
export const CALLBACK_CONSENT_VERSION = 'callback-2026-11';

/** Channels whose handle is a phone number: the form offers a phone keypad (inputmode="tel"). */
export const PHONE_CHANNELS: readonly ContactChannelKind[] = ['phone', 'sms', 'whatsapp', 'viber', 'signal'];
