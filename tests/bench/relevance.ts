/**
 * Relevance of the directory search on the project's own query set (tests/fixtures/relevance):
 * everyday queries in every locale, each with the sample directory's services that answer it.
 *   top-1  the first result is a right answer
 *   top-3  a right answer is among the first three
 *   zero   the search found nothing
 * Used by `npm run bench` (section "relevance", also `npm run bench:relevance`) and by the unit
 * test that keeps a floor (tests/unit/search-relevance.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DirectoryIndex, type SearchQuery } from '../../functions/domain/directory/search.js';
import { loadZawgyiTools } from '../../functions/domain/directory/burmese.js';
import type { DirectorySnapshot } from '../../functions/domain/directory/model.js';
import { isLocale, type Locale } from '../../functions/domain/locales.js';
import { demoDirectoryRecords } from '../../functions/local/demo/index.js';
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { referenceData } from '../../functions/reference/index.js';

const fixtureDir = fileURLToPath(new URL('../fixtures/relevance/', import.meta.url));

export interface RelevanceQuery {
  q: string;
  gloss?: string;
  place?: string;
  /** Group names ("shelter", "shelter.TH") or service ids. */
  expect: string[];
  tags?: string[];
  /** For Zawgyi queries: the same words in Unicode. */
  unicode?: string;
}

export interface RelevanceRow {
  locale: Locale;
  queries: number;
  top1: number;
  top3: number;
  zero: number;
  misses: { q: string; place?: string; got: string[]; want: string[] }[];
}

type Groups = Record<string, Record<string, string[]>>;

export function loadRelevanceSet(): { locale: Locale; queries: RelevanceQuery[] }[] {
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json') && f !== 'groups.json')
    .sort()
    .map((f) => {
      const data = JSON.parse(readFileSync(`${fixtureDir}${f}`, 'utf8')) as {
        locale: string;
        queries: RelevanceQuery[];
      };
      if (!isLocale(data.locale)) throw new Error(`${f}: unknown locale ${data.locale}`);
      return { locale: data.locale, queries: data.queries };
    });
}

/** Expands group names ("shelter" = every country, "shelter.TH" = one country) into service ids. */
export function rightAnswers(expect: string[], groups: Groups = loadGroups()): Set<string> {
  const out = new Set<string>();
  for (const item of expect) {
    const [name, country] = item.split('.') as [string, string | undefined];
    const group = groups[name];
    if (!group) {
      out.add(item);
      continue;
    }
    for (const [c, ids] of Object.entries(group))
      if (!country || c === country) for (const id of ids) out.add(id);
  }
  return out;
}

function loadGroups(): Groups {
  const raw = JSON.parse(readFileSync(`${fixtureDir}groups.json`, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('$'))) as Groups;
}

export function sampleDirectoryIndex(): DirectoryIndex {
  const records = demoDirectoryRecords();
  const snapshot: DirectorySnapshot = {
    version: 'relevance',
    organizations: records.flatMap((r) => (r.organization ? [r.organization] : [])),
    services: records.flatMap((r) => r.services ?? []),
    locations: records.flatMap((r) => r.locations ?? []),
  };
  return new DirectoryIndex(snapshot, searchVocabulary(referenceData()));
}

export async function measureRelevance(
  index: DirectoryIndex = sampleDirectoryIndex(),
): Promise<RelevanceRow[]> {
  await loadZawgyiTools();
  const groups = loadGroups();
  const known = new Set(index.snapshot.services.map((s) => s.id));
  const now = new Date('2026-11-25T03:00:00Z');
  return loadRelevanceSet().map(({ locale, queries }) => {
    const row: RelevanceRow = { locale, queries: queries.length, top1: 0, top3: 0, zero: 0, misses: [] };
    for (const query of queries) {
      const want = rightAnswers(query.expect, groups);
      for (const id of want) if (!known.has(id)) throw new Error(`relevance set: unknown service ${id}`);
      if (want.size === 0) throw new Error(`relevance set: no right answer for "${query.q}"`);
      const search: SearchQuery = { text: query.q, place: query.place, locale, pageSize: 10 };
      const result = index.search(search, now);
      const got = result.hits.map((h) => h.service.id);
      if (result.total === 0) row.zero++;
      if (got[0] !== undefined && want.has(got[0])) row.top1++;
      if (got.slice(0, 3).some((id) => want.has(id))) row.top3++;
      else row.misses.push({ q: query.q, place: query.place, got: got.slice(0, 3), want: [...want] });
      if (got[0] !== undefined && !want.has(got[0]) && got.slice(0, 3).some((id) => want.has(id)))
        row.misses.push({
          q: `(top-1 only) ${query.q}`,
          place: query.place,
          got: got.slice(0, 3),
          want: [...want],
        });
    }
    return row;
  });
}

export const RELEVANCE_TARGETS = { top1: 0.9, top3: 0.97, zero: 0.02 } as const;

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(0)} %`;

/** Prints the relevance table; returns the locales that miss a target. */
export function printRelevance(rows: RelevanceRow[], verbose = false): string[] {
  const failing: string[] = [];
  console.log('  locale   queries  top-1   top-3   zero results');
  for (const r of rows) {
    const ok =
      r.top1 / r.queries >= RELEVANCE_TARGETS.top1 &&
      r.top3 / r.queries >= RELEVANCE_TARGETS.top3 &&
      r.zero / r.queries <= RELEVANCE_TARGETS.zero;
    if (!ok) failing.push(r.locale);
    console.log(
      `  ${r.locale.padEnd(8)} ${String(r.queries).padStart(7)}  ${pct(r.top1, r.queries).padStart(5)}   ${pct(r.top3, r.queries).padStart(5)}   ${pct(r.zero, r.queries).padStart(5)}   ${ok ? 'OK' : 'BELOW TARGET'}`,
    );
  }
  const all = rows.reduce(
    (a, r) => ({ q: a.q + r.queries, t1: a.t1 + r.top1, t3: a.t3 + r.top3, z: a.z + r.zero }),
    { q: 0, t1: 0, t3: 0, z: 0 },
  );
  console.log(
    `  ${'all'.padEnd(8)} ${String(all.q).padStart(7)}  ${pct(all.t1, all.q).padStart(5)}   ${pct(all.t3, all.q).padStart(5)}   ${pct(all.z, all.q).padStart(5)}`,
  );
  console.log(`  targets: top-1 ≥ 90 %, top-3 ≥ 97 %, zero results ≤ 2 % in every locale`);
  if (verbose)
    for (const r of rows)
      for (const m of r.misses)
        console.log(
          `    ${r.locale} miss: ${m.q}${m.place ? ` [${m.place}]` : ''} → ${m.got.join(', ') || '(nothing)'}`,
        );
  return failing;
}

// `npm run bench:relevance` runs this file alone (add -- --verbose to list the misses).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log('Search relevance on the project query set (sample directory)');
  const failing = printRelevance(await measureRelevance(), process.argv.includes('--verbose'));
  process.exitCode = failing.length > 0 ? 1 : 0;
}
