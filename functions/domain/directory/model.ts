import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';
import { SUPPORTED_LOCALES } from '../locales.js';
import { ALL_SUBTYPES, AREAS } from './taxonomy.js';
import { isTimeZone } from '../time-zone.js';

/**
 * The service directory, aligned with Open Referral HSDS 3.0: organizations, services, locations,
 * contact channels, schedules, service areas, eligibility, costs, required documents. Our extra
 * fields (shelter conditions, police-report requirement, "general service", translation status)
 * travel as HSDS attributes on export.
 */

export const LocaleSchema = lazySchema(() => z.enum(SUPPORTED_LOCALES));

const localText = () => z.string().min(1).max(4000);
type OtherLocale = Exclude<(typeof SUPPORTED_LOCALES)[number], 'en'>;

/**
 * Text in several languages. English is required (it is the source language); every other
 * supported locale may be given, so the schema grows with the locale list by itself.
 */
export const LocalizedTextSchema = lazySchema(() =>
  z
    .object({
      en: localText(),
      ...(Object.fromEntries(
        SUPPORTED_LOCALES.filter((l) => l !== 'en').map((l) => [l, localText().optional()]),
      ) as Record<OtherLocale, z.ZodOptional<ReturnType<typeof localText>>>),
    })
    .strict(),
);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * Per field and locale: who wrote the text and whether a human translator has checked it.
 * source = the original; draft = written by a person, not checked; machine = machine translation;
 * needs-review = the source changed after this was written; reviewed = checked by a translator.
 * No entry and no text: missing.
 */
export const TRANSLATION_STATUSES = ['source', 'draft', 'machine', 'needs-review', 'reviewed'] as const;
export const TranslationStatusSchema = lazySchema(() => z.enum(TRANSLATION_STATUSES));
export const TranslationStatusMapSchema = lazySchema(() =>
  z.record(z.string(), z.partialRecord(LocaleSchema, TranslationStatusSchema)),
);

export const CountryCodeSchema = lazySchema(() => z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'));
/** Place ids are hierarchical: "TH", "TH-50" (province), "TH-50-01" (district). */
export const PlaceIdSchema = lazySchema(() => z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,4}){0,2}$/));

export const CONTACT_KINDS = [
  'phone',
  'sms',
  'whatsapp',
  'line',
  'viber',
  'telegram',
  'signal',
  'messenger',
  'email',
  'web',
  'walk-in',
] as const;
export const ContactKindSchema = lazySchema(() => z.enum(CONTACT_KINDS));
export type ContactKind = z.infer<typeof ContactKindSchema>;

export const ContactChannelSchema = lazySchema(() =>
  z
    .object({
      kind: ContactKindSchema,
      /** Phone number in E.164 (+66…), handle, e-mail address, URL; for walk-in: the location id. */
      value: z.string().min(1).max(300),
      label: LocalizedTextSchema.optional(),
      /** For calls: free of charge to the caller. */
      free: z.boolean().optional(),
      /** For calls: whether the number appears on a phone bill. */
      showsOnBill: z.boolean().optional(),
      /** The id of the HSDS phone or contact this came from, kept so an export gives it back. */
      hsdsId: z.string().min(1).max(100).optional(),
    })
    .strict(),
);
export type ContactChannel = z.infer<typeof ContactChannelSchema>;

export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export const WeekdaySchema = lazySchema(() => z.enum(WEEKDAYS));
export type Weekday = z.infer<typeof WeekdaySchema>;
const TimeSchema = lazySchema(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'));

export const ScheduleSchema = lazySchema(() =>
  z
    .object({
      /** IANA time zone the hours are written in, e.g. Asia/Bangkok. */
      timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
      open24h: z.boolean().default(false),
      /** Opening periods; "closes" before "opens" means the period runs past midnight. */
      hours: z
        .array(
          z
            .object({
              days: z.array(WeekdaySchema).min(1),
              opens: TimeSchema,
              closes: TimeSchema,
              /** The id of the HSDS schedule this came from, kept so an export gives it back. */
              hsdsId: z.string().min(1).max(100).optional(),
            })
            .strict(),
        )
        .default([]),
      notes: LocalizedTextSchema.optional(),
    })
    .strict(),
);
export type Schedule = z.infer<typeof ScheduleSchema>;

export const SERVED_GROUPS = [
  'women',
  'men',
  'children',
  'young-people',
  'families',
  'lgbtqi',
  'disability',
  'foreign-nationals',
] as const;
export const ServedGroupSchema = lazySchema(() => z.enum(SERVED_GROUPS));
export type ServedGroup = z.infer<typeof ServedGroupSchema>;

export const ShelterConditionsSchema = lazySchema(() =>
  z
    .object({
      freeToLeave: z.boolean().optional(),
      phoneAllowed: z.boolean().optional(),
      workAllowed: z.boolean().optional(),
      childrenWithParent: z.boolean().optional(),
      typicalStay: LocalizedTextSchema.optional(),
      /** Whether staying depends on cooperating with police or prosecutors (we show this honestly). */
      cooperationRequired: z.boolean().optional(),
    })
    .strict(),
);

/**
 * Fields of an HSDS 3.0 record that the model has no place for (e.g. alternate_name,
 * application_process, funding, a cost option with a price), kept as they came so that an
 * export gives them back. Never shown on the public pages; never personal data.
 */
export const HsdsExtraSchema = lazySchema(() => z.record(z.string(), z.json()));
export type HsdsExtra = z.infer<typeof HsdsExtraSchema>;

export const SERVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const ServiceSchema = lazySchema(() =>
  z
    .object({
      id: z.string().regex(SERVICE_ID_PATTERN),
      organizationId: z.string().min(1).max(64),
      name: LocalizedTextSchema,
      /** Required to be active (shown); an imported record without one is kept inactive. */
      description: LocalizedTextSchema.optional(),
      /** At least one to be active. */
      areas: z.array(z.enum(AREAS)).default([]),
      subtypes: z.array(z.string().refine((s) => ALL_SUBTYPES.includes(s), 'unknown sub-type')).default([]),
      /** Places served: a whole country, a province or a district. At least one to be active. */
      servesPlaces: z.array(PlaceIdSchema).default([]),
      locationIds: z.array(z.string()).default([]),
      contacts: z.array(ContactChannelSchema).default([]),
      schedule: ScheduleSchema.optional(),
      /** Languages spoken (BCP 47). */
      languages: z.array(z.string().min(2).max(12)).default([]),
      /** Empty means everyone. There is never a default filter by gender or age (principle P9). */
      servesGroups: z.array(ServedGroupSchema).default([]),
      minimumAge: z.number().int().min(0).max(120).optional(),
      maximumAge: z.number().int().min(0).max(120).optional(),
      cost: z.object({ free: z.boolean(), details: LocalizedTextSchema.optional() }).strict(),
      documentsRequired: z.array(LocalizedTextSchema).default([]),
      policeReportRequired: z.boolean().default(false),
      /** A general service (not specific to exploitation), for people who do not want to be identified. */
      generalService: z.boolean().default(false),
      conditions: ShelterConditionsSchema.optional(),
      accessibility: LocalizedTextSchema.optional(),
      /**
       * What the discreet card (/{lang}/card) shows instead of the service's name: a name that does
       * not say what the service is for. Not set: the organisation's short name (see discreetLabelOf).
       */
      discreetLabel: LocalizedTextSchema.optional(),
      status: z.enum(['active', 'inactive']).default('active'),
      lastVerified: z
        .object({ on: z.iso.date(), by: z.string().min(1).max(100) })
        .strict()
        .optional(),
      /** Demo data: shown with a "sample data" banner. */
      sample: z.boolean().default(false),
      translationStatus: TranslationStatusMapSchema.optional(),
      /** Who last set a translation's status, and when (per field and locale). */
      translationReviews: z
        .record(
          z.string(),
          z.partialRecord(
            LocaleSchema,
            z.object({ by: z.string().min(1).max(100), at: z.iso.datetime() }).strict(),
          ),
        )
        .optional(),
      updatedAt: z.iso.datetime().optional(),
      hsds: HsdsExtraSchema.optional(),
    })
    .strict()
    .superRefine((service, ctx) => {
      if (service.status !== 'active') return;
      const missing = activeServiceGaps(service);
      for (const field of missing)
        ctx.addIssue({ code: 'custom', path: [field], message: 'required for an active service' });
    }),
);
export type Service = z.infer<typeof ServiceSchema>;

/** What a service lacks to be shown publicly (active): a description, an area, a place served. */
export function activeServiceGaps(service: {
  description?: unknown;
  areas: readonly unknown[];
  servesPlaces: readonly unknown[];
}): ('description' | 'areas' | 'servesPlaces')[] {
  const gaps: ('description' | 'areas' | 'servesPlaces')[] = [];
  if (!service.description) gaps.push('description');
  if (service.areas.length === 0) gaps.push('areas');
  if (service.servesPlaces.length === 0) gaps.push('servesPlaces');
  return gaps;
}
export type ServiceInput = z.input<typeof ServiceSchema>;

/**
 * The label of a service on the discreet card: its own discreet label (set by editors), else the
 * organisation's short name (HSDS alternate_name, kept on import). Never the service's or the
 * organisation's full name, which often say what the service is for ("… Shelter Network"):
 * without either label this is undefined and the card shows a neutral "Service 1", "Service 2".
 */
export function discreetLabelOf(
  service: Pick<Service, 'discreetLabel'>,
  organization?: Pick<Organization, 'hsds'>,
): LocalizedText | undefined {
  if (service.discreetLabel) return service.discreetLabel;
  const short = organization?.hsds?.alternate_name;
  if (typeof short === 'string' && short.trim()) return { en: short.trim() };
  return undefined;
}

export const OrganizationSchema = lazySchema(() =>
  z
    .object({
      id: z.string().min(1).max(64),
      name: LocalizedTextSchema,
      description: LocalizedTextSchema.optional(),
      website: z.url().optional(),
      email: z.email().optional(),
      sample: z.boolean().default(false),
      translationStatus: TranslationStatusMapSchema.optional(),
      updatedAt: z.iso.datetime().optional(),
      hsds: HsdsExtraSchema.optional(),
    })
    .strict(),
);
export type Organization = z.infer<typeof OrganizationSchema>;

export const AddressSchema = lazySchema(() =>
  z
    .object({
      street: z.string().min(1).max(300),
      city: z.string().min(1).max(100),
      region: z.string().max(100).optional(),
      postalCode: z.string().max(20).optional(),
      country: CountryCodeSchema,
      /** HSDS address_type; physical when not given. */
      type: z.enum(['physical', 'postal']).optional(),
      /** The id of the HSDS address this came from. */
      hsdsId: z.string().min(1).max(100).optional(),
    })
    .strict(),
);
export type Address = z.infer<typeof AddressSchema>;

/**
 * A place where a service is delivered. A confidential location (shelter, safe house) shows only
 * its region publicly; its street address and coordinates are stored apart and only staff see them.
 */
export const LocationSchema = lazySchema(() =>
  z
    .object({
      id: z.string().min(1).max(64),
      organizationId: z.string().min(1).max(64),
      name: LocalizedTextSchema,
      confidential: z.boolean().default(false),
      /** The most precise place id that may be shown publicly. */
      placeId: PlaceIdSchema,
      address: AddressSchema.optional(),
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
      accessibility: LocalizedTextSchema.optional(),
      sample: z.boolean().default(false),
      updatedAt: z.iso.datetime().optional(),
      hsds: HsdsExtraSchema.optional(),
    })
    .strict(),
);
export type Location = z.infer<typeof LocationSchema>;

/** What the public side may ever see of a location: never the address of a confidential one. */
export type PublicLocation = Omit<Location, 'address' | 'latitude' | 'longitude'> &
  Partial<Pick<Location, 'address' | 'latitude' | 'longitude'>>;

export function toPublicLocation(location: Location): PublicLocation {
  if (!location.confidential) return location;
  const { address: _a, latitude: _lat, longitude: _lng, ...rest } = location;
  return rest;
}

export const PlaceSchema = lazySchema(() =>
  z
    .object({
      id: PlaceIdSchema,
      name: LocalizedTextSchema,
      /** For countries: the IANA time zone most of the country uses. */
      timeZone: z.string().optional(),
    })
    .strict(),
);
export type Place = z.infer<typeof PlaceSchema>;

export const EmergencyNumberSchema = lazySchema(() =>
  z
    .object({
      label: LocalizedTextSchema,
      number: z.string().min(2).max(20),
      free: z.boolean(),
      /** Whether the call shows on a phone bill; undefined when not known. */
      showsOnBill: z.boolean().optional(),
      open24h: z.boolean(),
      kind: z.enum([
        'police',
        'ambulance',
        'fire',
        'child-helpline',
        'labour-helpline',
        'support-helpline',
        'general-emergency',
      ]),
    })
    .strict(),
);

export const CountryEmergencySchema = lazySchema(() =>
  z
    .object({
      country: CountryCodeSchema,
      /** Deployers must check each number before going live. */
      verifyBeforeDeploying: z.literal(true),
      numbers: z.array(EmergencyNumberSchema).min(1),
    })
    .strict(),
);
export type CountryEmergency = z.infer<typeof CountryEmergencySchema>;

/** The whole public directory as one value, held in memory by the public function. */
export interface DirectorySnapshot {
  version: string;
  organizations: Organization[];
  services: Service[];
  /** Public projections only: confidential addresses are never part of the snapshot. */
  locations: PublicLocation[];
  /** Words of each service's name and description, segmented when it was saved (by service id). */
  words?: Map<string, { name: string[]; description: string[] }>;
}
