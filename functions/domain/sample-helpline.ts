/** Sample helpline number shipped for local use and demos: never a real line. */
export const DEMO_HELPLINE_PHONE = '+66 2 000 0000';

const SAMPLE_NUMBER = DEMO_HELPLINE_PHONE.replace(/\D/g, '').slice(2); // after the country code 66

/**
 * Whether a phone number is the sample one, however it is written: +6620000000, +66 (2) 000-0000,
 * 0066 2 000 0000 or 02 000 0000 all ring the line nobody answers. Pages mark it as a sample and a
 * production deployment refuses it (cdk/config.ts).
 */
export function isSampleHelplinePhone(value: string): boolean {
  return value.replace(/\D/g, '').replace(/^(00)?(66)?0?/, '') === SAMPLE_NUMBER;
}
