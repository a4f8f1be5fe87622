import { describe, expect, it } from 'vitest';
import { measureRelevance, RELEVANCE_TARGETS } from '../bench/relevance.js';

/**
 * A floor under the relevance of search on the project's own query set (tests/fixtures/relevance),
 * so a change cannot quietly make it worse: the targets themselves (top-1 ≥ 90 %, top-3 ≥ 97 %,
 * zero results ≤ 2 % per locale; `npm run bench:relevance`), which every locale now meets. With
 * 28 to 31 queries per locale, 97 % top-3 means every query has a right answer in its first three.
 */
const FLOOR = RELEVANCE_TARGETS;

describe('search relevance floor', () => {
  it('keeps top-1, top-3 and zero-result rates per locale at or above the floor', async () => {
    const rows = await measureRelevance();
    expect(rows.length).toBe(8);
    for (const r of rows) {
      expect(r.queries, r.locale).toBeGreaterThanOrEqual(25);
      expect(r.top1 / r.queries, `${r.locale} top-1`).toBeGreaterThanOrEqual(FLOOR.top1);
      expect(r.top3 / r.queries, `${r.locale} top-3`).toBeGreaterThanOrEqual(FLOOR.top3);
      expect(r.zero / r.queries, `${r.locale} zero results`).toBeLessThanOrEqual(FLOOR.zero);
    }
  });
});
