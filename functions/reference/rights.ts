import * as z from 'zod';
import { CountryCodeSchema } from '../domain/directory/model.js';
import rightsJson from './rights.json' with { type: 'json' };
import { lazySchema } from '../domain/lazy-schema.js';

/**
 * Rights and what to expect, per country: facts with their sources and review state. The
 * plain-language sentences live in locales/<lang>/info.json (rights.*, rights.country.<CC>.*).
 * Everything here is marked for legal review until a lawyer for that country has checked it.
 */
export const SOURCE_IDS = [
  '001-2.1',
  '001-2.2',
  '001-2.3',
  '003-VI-2',
  '003-RRS-1',
  '003-RRS-3',
  '003-CJ-5',
  '003-CJ-6',
  '003-CJ-7',
] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/**
 * How each source is named on the page (English citations, shown with lang="en"). The names are
 * shortened so that no revealing word appears on screen; docs/content-sources.md has full titles.
 */
export const SOURCE_LABELS: Record<SourceId, string> = {
  '001-2.1': 'Bali Process Regional Support Office, Policy Guide on Protection (2015), section 2.1',
  '001-2.2': 'Bali Process Regional Support Office, Policy Guide on Protection (2015), section 2.2',
  '001-2.3': 'Bali Process Regional Support Office, Policy Guide on Protection (2015), section 2.3',
  '003-VI-2': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 1, harm 2',
  '003-RRS-1': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 2, harm 1',
  '003-RRS-3': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 2, harm 3',
  '003-CJ-5': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 5, harm 5',
  '003-CJ-6': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 5, harm 6',
  '003-CJ-7': 'ASEAN ACWC, Do No Harm Guide for Frontline Responders (2022), part 5, harm 7',
};

/** Sources behind the general sections, which are the same for every country. */
export const GENERAL_SOURCES: readonly SourceId[] = [
  '001-2.1',
  '001-2.2',
  '001-2.3',
  '003-VI-2',
  '003-RRS-3',
  '003-CJ-7',
];

const IsoDate = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

export const CountryRightsSchema = lazySchema(() =>
  z
    .object({
      country: CountryCodeSchema,
      /** When the facts were last checked against the sources. */
      lastReviewed: IsoDate,
      legalReview: z.object({
        status: z.enum(['pending', 'reviewed']),
        by: z.string().min(1).nullable(),
        on: IsoDate.nullable(),
      }),
      /** Days of the reflection period in national rules, or null when the sources give none. */
      reflectionDays: z.number().int().min(1).max(365).nullable(),
      compensation: z.object({
        /** Full title, for reviewers only: never rendered (it names the subject). */
        lawTitle: z.string().min(1),
        /** Neutral citation a lawyer can look up; shown on the page. */
        citation: z.string().min(1),
        stateFund: z.boolean(),
      }),
      sources: z.array(z.enum(SOURCE_IDS)).min(1),
      reviewNotes: z.array(z.string()).default([]),
    })
    .strict(),
);
export type CountryRights = z.infer<typeof CountryRightsSchema>;

const RightsFileSchema = lazySchema(() =>
  z.object({
    $comment: z.string().optional(),
    countries: z.array(CountryRightsSchema),
  }),
);

let cached: Map<string, CountryRights> | undefined;

/** Rights data by country code (validated once, on first use; a one-off parse skips zod's compiled path). */
export function rightsData(): Map<string, CountryRights> {
  cached ??= new Map(
    RightsFileSchema.parse(rightsJson, { jitless: true }).countries.map((c) => [c.country, c]),
  );
  return cached;
}
