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
