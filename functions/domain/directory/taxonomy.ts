/**
 * Service areas: the ten areas of reintegration support (seed 004, Table 7) with the sub-types the
 * practitioner guides name, plus emergency and child-protection entries. Ids are stable (used in
 * URLs, data and HSDS taxonomy_term ids); labels live in locales/<lang>/directory.json under
 * "areas.<id>" and "subtypes.<id>".
 */
export const AREAS = [
  'housing',
  'health',
  'counselling',
  'education',
  'work',
  'documents',
  'legal',
  'safety',
  'family',
  'case-management',
] as const;
export type AreaId = (typeof AREAS)[number];

export const SUBTYPES: Record<AreaId, readonly string[]> = {
  housing: [
    'emergency-shelter',
    'open-shelter',
    'long-term-housing',
    'rent-support',
    'kinship-care',
    'independent-living',
  ],
  health: [
    'emergency-care',
    'general-care',
    'sexual-reproductive-health',
    'hiv-sti-tb',
    'chronic-care',
    'disability-care',
    'health-costs',
  ],
  counselling: [
    'professional-counselling',
    'peer-support',
    'phone-counselling',
    'family-counselling',
    'substance-use',
  ],
  education: ['school-return', 'literacy-numeracy', 'non-formal-education', 'life-skills', 'school-costs'],
  work: [
    'vocational-training',
    'job-placement',
    'business-start-up',
    'savings-debt-advice',
    'safe-migration',
  ],
  documents: ['id-travel-documents', 'birth-household-registration', 'residence-permits', 'fee-waivers'],
  legal: ['legal-advice', 'compensation-wages', 'labour-complaints', 'court-support', 'interpreters'],
  safety: [
    'safety-planning',
    'protection-from-threats',
    'police-liaison',
    'child-protection',
    'emergency-helpline',
  ],
  family: ['family-mediation', 'family-member-support', 'family-tracing', 'parenting-support'],
  'case-management': ['case-workers', 'return-reintegration', 'consular-help', 'helplines'],
};

/** Sub-type ids are written "<area>.<subtype>", e.g. "housing.emergency-shelter". */
export type SubtypeId = `${AreaId}.${string}`;
export const ALL_SUBTYPES: readonly string[] = AREAS.flatMap((area) =>
  SUBTYPES[area].map((s) => `${area}.${s}`),
);

/**
 * One icon per area, drawn as a single small inline SVG path (24×24, stroke) so no icon font or
 * image download is needed. Shapes are plain and readable at 24 px.
 */
export const AREA_ICONS: Record<AreaId, string> = {
  housing: 'M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10',
  health: 'M10 4h4v6h6v4h-6v6h-4v-6H4v-4h6z',
  counselling: 'M4 5h16v10H9l-5 4z',
  education: 'M2 9l10-5 10 5-10 5zM6 11v5c3 3 9 3 12 0v-5',
  work: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16',
  documents: 'M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7',
  legal: 'M12 4v16M6 20h12M5 8h14M7 8l-3 6h6zM17 8l-3 6h6z',
  safety: 'M12 3l8 3v6c0 5-4 8-8 9-4-1-8-4-8-9V6z',
  family: 'M8 7a2 2 0 1 0 0-.1M16 7a2 2 0 1 0 0-.1M4 20v-6a4 4 0 0 1 8 0M12 20v-6a4 4 0 0 1 8 0',
  'case-management': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM15 9l-2 4-4 2 2-4z',
};

export function isAreaId(value: string): value is AreaId {
  return (AREAS as readonly string[]).includes(value);
}
