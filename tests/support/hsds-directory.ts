import {
  type Location,
  LocationSchema,
  type Organization,
  OrganizationSchema,
  type Service,
  ServiceSchema,
} from '../../functions/domain/directory/model.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';

/** Street of the confidential shelter: must never appear in any HSDS output. */
export const SECRET_STREET = '88 Hidden Orchid Lane';
export const SECRET_LATITUDE = 18.8123;
export const HELPLINE_ID = '7d6c1c2e-9b4a-4f1e-8a53-2f0c6d9b1e77';

/**
 * A small directory using every field the HSDS mapping handles: non-UUID and UUID ids, a public
 * and a confidential location, all contact kinds, weekly and 24-hour schedules, shelter
 * conditions, translation status, an inactive service.
 */
export function hsdsTestDirectory(): {
  organization: Organization;
  services: Service[];
  locations: Location[];
} {
  const organization = OrganizationSchema.parse({
    id: 'org-safe-haven',
    name: { en: 'Safe Haven Foundation', th: 'มูลนิธิเซฟเฮเวน' },
    description: { en: 'Support for people who have been exploited.' },
    website: 'https://safehaven.example.org',
    email: 'info@safehaven.example.org',
    translationStatus: { name: { en: 'source', th: 'reviewed' } },
  });
  const locations = [
    LocationSchema.parse({
      id: 'loc-chiang-mai-office',
      organizationId: 'org-safe-haven',
      name: { en: 'Chiang Mai drop-in centre' },
      placeId: 'TH-50',
      address: {
        street: '12 Nimman Road\nSoi 7',
        city: 'Chiang Mai',
        region: 'Chiang Mai',
        postalCode: '50200',
        country: 'TH',
      },
      latitude: 18.7964,
      longitude: 98.9681,
      accessibility: { en: 'Step-free entrance' },
    }),
    LocationSchema.parse({
      id: 'loc-secret-shelter',
      organizationId: 'org-safe-haven',
      name: { en: 'Shelter in Chiang Mai' },
      confidential: true,
      placeId: 'TH-50',
      address: { street: SECRET_STREET, city: 'Chiang Mai', postalCode: '50300', country: 'TH' },
      latitude: SECRET_LATITUDE,
      longitude: 98.9912,
    }),
  ];
  const services = [
    ServiceSchema.parse({
      id: 'shelter-north',
      organizationId: 'org-safe-haven',
      name: { en: 'Emergency shelter north', th: 'บ้านพักฉุกเฉินภาคเหนือ' },
      description: { en: 'A safe room for women and children, day and night.' },
      areas: ['housing', 'safety'],
      subtypes: ['housing.emergency-shelter', 'housing.open-shelter'],
      servesPlaces: ['TH-50'],
      locationIds: ['loc-chiang-mai-office', 'loc-secret-shelter'],
      contacts: [
        {
          kind: 'phone',
          value: '+66 53 123 456',
          label: { en: 'Office line' },
          free: false,
          showsOnBill: true,
        },
        { kind: 'sms', value: '+66812345678' },
        { kind: 'email', value: 'help@safehaven.example.org', label: { en: 'Case team' } },
        { kind: 'web', value: 'https://safehaven.example.org/shelter' },
        { kind: 'line', value: '@safehaven' },
        { kind: 'whatsapp', value: '+66812345679' },
        { kind: 'walk-in', value: 'loc-chiang-mai-office' },
      ],
      schedule: {
        timeZone: 'Asia/Bangkok',
        hours: [
          { days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '09:00', closes: '17:00' },
          { days: ['sa'], opens: '10:00', closes: '14:00' },
        ],
        notes: { en: 'Closed on public holidays' },
      },
      languages: ['th', 'en', 'my'],
      servesGroups: ['women', 'children'],
      minimumAge: 16,
      cost: { free: false, details: { en: 'Small fee for long stays' } },
      documentsRequired: [{ en: 'Any ID if you have one' }],
      policeReportRequired: true,
      conditions: {
        freeToLeave: true,
        phoneAllowed: true,
        workAllowed: false,
        childrenWithParent: true,
        typicalStay: { en: 'Up to 3 months' },
        cooperationRequired: false,
      },
      accessibility: { en: 'Ground floor rooms' },
      lastVerified: { on: '2025-01-15', by: 'Case team' },
      sample: true,
      translationStatus: { name: { en: 'source', th: 'reviewed' } },
    }),
    ServiceSchema.parse({
      id: HELPLINE_ID,
      organizationId: 'org-safe-haven',
      name: { en: 'Night and day helpline' },
      description: { en: 'Someone to talk to at any hour.' },
      areas: ['safety', 'counselling'],
      subtypes: ['safety.emergency-helpline'],
      servesPlaces: ['TH'],
      contacts: [{ kind: 'phone', value: '1300', free: true }],
      schedule: { timeZone: 'Asia/Bangkok', open24h: true },
      languages: ['th', 'en', 'my', 'km', 'lo'],
      cost: { free: true },
      generalService: true,
    }),
    ServiceSchema.parse({
      id: 'closed-service',
      organizationId: 'org-safe-haven',
      name: { en: 'Old legal clinic' },
      description: { en: 'Legal advice (closed).' },
      areas: ['legal'],
      servesPlaces: ['TH-50'],
      cost: { free: true },
      status: 'inactive',
    }),
  ];
  return { organization, services, locations };
}

/**
 * The value with every text reduced to English: an HSDS export carries one language, so this is
 * what a round trip through HSDS can give back.
 */
export function englishOnly<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      const isText =
        key !== 'translationStatus' &&
        typeof (v as Record<string, unknown>).en === 'string' &&
        entries.every(([k]) => (SUPPORTED_LOCALES as readonly string[]).includes(k));
      if (isText) return { en: (v as Record<string, unknown>).en };
      if (key === 'translationStatus') return v;
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value) as T;
}
