import { describe, expect, it } from 'vitest';
import { ACCESS_PATTERNS, APP_TABLE, keyAttributes } from '../../functions/data/table-design.js';

describe('table design', () => {
  it('uses generic key names only', () => {
    expect(keyAttributes(APP_TABLE)).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);
    expect(APP_TABLE.timeToLiveAttribute).toBe('ttl');
  });
  it('names only indexes that exist in every access pattern', () => {
    const indexes = new Set(['table', ...APP_TABLE.globalSecondaryIndexes.map((g) => g.indexName)]);
    for (const pattern of ACCESS_PATTERNS) expect(indexes.has(pattern.index), pattern.name).toBe(true);
  });
  it('writes the entity type at the start of every key', () => {
    for (const pattern of ACCESS_PATTERNS.filter((p) => p.table === 'app')) {
      expect(pattern.key, pattern.name).toMatch(/^(pk|gsi1pk|gsi2pk)=[A-Z]+/);
    }
  });
});
