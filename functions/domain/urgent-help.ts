import type { CountryEmergency, LocalizedText } from './directory/model.js';
import type { Locale } from './locales.js';

/**
 * Which urgent numbers a person sees when they say they are in danger now (product: "in danger
 * now" shows emergency options immediately). The answer is never empty:
 *   1. the country they chose;
 *   2. otherwise the country their language suggests (reference data: locale-countries.json);
 *   3. otherwise the helpline's own line and every served country's numbers in a compact list.
 * The helpline's own line (configuration) is part of every answer.
 */
export interface HelplineLine {
  number: string;
  /** The configured line is the shipped sample value, not a real line: the page says so. */
  demo: boolean;
}

export interface CountryNumbers {
  country: string;
  name: LocalizedText;
  emergency: CountryEmergency;
}

export type UrgentHelp =
  | { kind: 'country'; how: 'chosen' | 'language'; numbers: CountryNumbers; helpline: HelplineLine }
  | { kind: 'every-country'; countries: CountryNumbers[]; helpline: HelplineLine };

export interface UrgentHelpInput {
  /** The country the person chose, if any (any string: unknown codes are ignored). */
  country?: string | undefined;
  locale: Locale;
  /** The served countries, in display order. */
  countries: readonly { id: string; name: LocalizedText }[];
  /** Urgent numbers per country. */
  emergency: readonly CountryEmergency[];
  /** The country a language suggests (reference data). */
  localeCountry: Readonly<Partial<Record<Locale, string>>>;
  helpline: HelplineLine;
  /** False when the person asked to see every country: no suggestion from the language. */
  suggest?: boolean;
}

/** The one rule for urgent numbers on request steps, the urgent page and outage pages. */
export function urgentHelpFor(input: UrgentHelpInput): UrgentHelp {
  const served: CountryNumbers[] = [];
  for (const c of input.countries) {
    const emergency = input.emergency.find((e) => e.country === c.id && e.numbers.length > 0);
    if (emergency) served.push({ country: c.id, name: c.name, emergency });
  }
  const find = (code: string | undefined) => (code ? served.find((s) => s.country === code) : undefined);
  const chosen = find(input.country);
  if (chosen) return { kind: 'country', how: 'chosen', numbers: chosen, helpline: input.helpline };
  const suggested = input.suggest === false ? undefined : find(input.localeCountry[input.locale]);
  if (suggested) return { kind: 'country', how: 'language', numbers: suggested, helpline: input.helpline };
  return { kind: 'every-country', countries: served, helpline: input.helpline };
}
