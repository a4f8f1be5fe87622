/**
 * In-process directory search at 5,000 and 50,000 synthetic listings: p50/p95 per query mix.
 * Budgets (docs/architecture): p95 < 5 ms at 5,000 and < 20 ms at 50,000. Exits 1 when broken.
 */
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { ServiceSchema, type Service } from '../../functions/domain/directory/model.js';
import {
  DirectoryIndex,
  type SearchQuery,
  type ServiceWords,
  serviceWords,
} from '../../functions/domain/directory/search.js';
import { AREAS, SUBTYPES } from '../../functions/domain/directory/taxonomy.js';
import { demoDirectoryRecords } from '../../functions/local/demo/index.js';
import { referenceData } from '../../functions/reference/index.js';

const reference = referenceData();
const provinces = reference.places.filter((p) => p.id.split('-').length === 2).map((p) => p.id);
const seeds = demoDirectoryRecords().flatMap((r) => r.services ?? []);

/** Deterministic pseudo-random numbers so every run measures the same directory. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export function syntheticServices(count: number): Service[] {
  const rand = rng(42);
  const out: Service[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length] as Service;
    const area = AREAS[Math.floor(rand() * AREAS.length)] ?? 'health';
    const sub = SUBTYPES[area][Math.floor(rand() * SUBTYPES[area].length)];
    out.push(
      ServiceSchema.parse({
        ...seed,
        id: `syn-${i}`,
        name: Object.fromEntries(Object.entries(seed.name).map(([l, v]) => [l, `${v} ${i}`])),
        areas: [area],
        subtypes: sub ? [`${area}.${sub}`] : [],
        servesPlaces: [provinces[Math.floor(rand() * provinces.length)] ?? 'TH'],
        cost: { free: rand() > 0.3 },
        generalService: rand() > 0.7,
        policeReportRequired: rand() > 0.9,
        locationIds: [],
        updatedAt: undefined,
      }),
    );
  }
  return out;
}

const QUERIES: SearchQuery[] = [
  { text: 'doctor' },
  { text: 'ที่พัก' },
  { text: 'ဥပဒေ' },
  { text: 'ប្រឹក្សា' },
  { text: 'legal aid Bangkok' },
  { areas: ['housing'], place: 'TH-50', free: true },
  { text: 'clinic', openNow: true },
  { place: 'KH', noPoliceReport: true, groups: ['men'] },
  { text: 'việc làm' },
  { text: '法律' },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Words as the store keeps them (segmented when a listing is saved). Synthetic listings reuse their
 * seed's texts, so each seed is segmented once and the listing number added to the name.
 */
function storedWords(services: Service[]): Map<string, ServiceWords> {
  const bySeed = new Map<string, ServiceWords>();
  const out = new Map<string, ServiceWords>();
  services.forEach((s, i) => {
    const seed = seeds[i % seeds.length] as Service;
    let w = bySeed.get(seed.id);
    if (!w) {
      w = serviceWords(seed);
      bySeed.set(seed.id, w);
    }
    out.set(s.id, { ...w, name: [...w.name, String(i)] });
  });
  return out;
}

export function benchSearch(): {
  listings: number;
  p50: number;
  p95: number;
  budget: number;
  buildMs: number;
  segmentMsPerListing: number;
  /** p50 and p95 of each query shape, to find the slow ones. */
  shapes: { query: string; p50: number; p95: number; total: number }[];
}[] {
  const rows = [];
  const t = performance.now();
  for (const seed of seeds) serviceWords(seed);
  const segmentMsPerListing = (performance.now() - t) / seeds.length;
  for (const [count, budget] of [
    [5_000, 5],
    [50_000, 20],
  ] as const) {
    const services = syntheticServices(count);
    const words = storedWords(services);
    const t0 = performance.now();
    const index = new DirectoryIndex(
      { version: '1', organizations: [], services, locations: [], words },
      searchVocabulary(reference),
    );
    const buildMs = performance.now() - t0;
    const now = new Date('2026-11-25T03:00:00Z');
    for (const q of QUERIES) index.search(q, now); // warm-up
    const times: number[] = [];
    const byShape = QUERIES.map(() => [] as number[]);
    for (let round = 0; round < 30; round++) {
      QUERIES.forEach((q, i) => {
        const start = performance.now();
        index.search(q, now);
        const ms = performance.now() - start;
        times.push(ms);
        byShape[i]?.push(ms);
      });
    }
    times.sort((a, b) => a - b);
    rows.push({
      listings: count,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      budget,
      buildMs,
      segmentMsPerListing,
      shapes: QUERIES.map((q, i) => {
        const shape = (byShape[i] ?? []).sort((a, b) => a - b);
        return {
          query: JSON.stringify(q),
          p50: percentile(shape, 50),
          p95: percentile(shape, 95),
          total: index.search(q, now).total,
        };
      }),
    });
  }
  return rows;
}
