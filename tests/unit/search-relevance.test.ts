import { describe, expect, it } from 'vitest';
import { measureRelevance } from '../bench/relevance.js';

/**
 * A floor under the relevance of search on the project's own query set (tests/fixtures/relevance),
 * so a change cannot quietly make it worse. The targets are higher (top-1 ≥ 90 %, top-3 ≥ 97 %,
 * zero results ≤ 2 % per locale; `npm run bench:relevance`); raise these floors as results improve.
 */
const FLOOR = { top1: 0.7, top3: 0.8, zero: 0.08 };

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
