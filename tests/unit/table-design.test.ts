import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ITEM_TYPES } from '../../functions/data/inventory.js';
import { FOLLOWUP_SK, INDEX_PK, PK, REQUEST_SK } from '../../functions/data/keys.js';
import { ACCESS_PATTERNS, APP_TABLE, keyAttributes } from '../../functions/data/table-design.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

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

  it('lists every key prefix of keys.ts in the inventory and in the access patterns', () => {
    const patterns = ACCESS_PATTERNS.map((p) => p.key).join('\n');
    const inventoryKeys = ITEM_TYPES.flatMap((i) => [i.pkPrefix, ...i.indexes.map((x) => x.pkPrefix)]);
    for (const prefix of [...Object.values(PK), ...Object.values(INDEX_PK)]) {
      expect(inventoryKeys, prefix).toContain(prefix);
      expect(patterns, prefix).toContain(prefix);
    }
    const sortKeys = ITEM_TYPES.map((i) => i.sk);
    for (const sk of [...Object.values(REQUEST_SK), ...Object.values(FOLLOWUP_SK)]) {
      expect(
        sortKeys.some((k) => k.startsWith(sk)),
        sk,
      ).toBe(true);
      expect(patterns, sk).toContain(sk);
    }
  });

  it('builds keys only in functions/data/keys.ts (no key string written by hand elsewhere)', () => {
    const keyString = /['"`][A-Z][A-Z_]*#|\b(pk|sk|gsi[12](pk|sk)):\s*['"`]/;
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, 'functions')), ...sourceFiles(join(ROOT, 'web'))]) {
      const rel = relative(ROOT, file);
      // keys.ts builds keys; inventory.ts, table-design.ts and access-policy.ts only describe them.
      if (
        ['keys.ts', 'inventory.ts', 'table-design.ts', 'access-policy.ts'].some(
          (f) => rel === join('functions', 'data', f),
        )
      )
        continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (keyString.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
