import type { HelplineChannel } from './helpline.js';

/** Sample helpline number shipped for local use and demos: never a real line. */
export const DEMO_HELPLINE_PHONE = '+66 2 000 0000';

const WEEKDAYS_ALL = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/**
 * The sample channels shipped for trying the portal locally: never a real line. Pages mark them
 * "sample" until the deploying organisation sets HELPLINE_CHANNELS.
 */
export function demoHelplineChannels(phone: string): HelplineChannel[] {
  return [
    { kind: 'phone', value: phone, open24h: true, hours: [] },
    {
      kind: 'line',
      value: '@waypoint-demo',
      open24h: false,
      hours: [{ days: [...WEEKDAYS_ALL], opens: '08:00', closes: '22:00' }],
    },
    {
      kind: 'whatsapp',
      value: phone,
      open24h: false,
      hours: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '09:00', closes: '17:00' }],
    },
  ];
}

const SAMPLE_NUMBER = DEMO_HELPLINE_PHONE.replace(/\D/g, '').slice(2); // after the country code 66

/**
 * Whether a phone number is the sample one, however it is written: +6620000000, +66 (2) 000-0000,
 * 0066 2 000 0000 or 02 000 0000 all ring the line nobody answers. Pages mark it as a sample and a
 * production deployment refuses it (cdk/config.ts).
 */
export function isSampleHelplinePhone(value: string): boolean {
  return value.replace(/\D/g, '').replace(/^(00)?(66)?0?/, '') === SAMPLE_NUMBER;
}
