import { describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS, type FunctionName } from '../../functions/data/access-policy.js';
import { leadingKeys } from '../../functions/data/inventory.js';

/** A grant's partition pattern covers an inventory prefix: `REQ#*` covers `REQ#`, `DIRECTORY` itself. */
function covers(pattern: string, prefix: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return prefix.startsWith(pattern.slice(0, -1));
  return pattern === prefix;
}

describe('per-function access (IAM) and the data inventory', () => {
  it('every operation the inventory gives a function is granted by the access list', () => {
    const missing: string[] = [];
    for (const fn of ['public', 'console', 'jobs'] as FunctionName[]) {
      for (const row of leadingKeys(fn)) {
        for (const prefix of row.prefixes) {
          const granted = FUNCTION_ACCESS[fn].some(
            (g) =>
              g.table === row.table &&
              (g.index ?? 'table') === row.index &&
              g.operations.includes(row.operation) &&
              g.partitions.some((p) => covers(p, prefix)),
          );
          if (!granted) missing.push(`${fn} ${row.table}/${row.index} ${row.operation} ${prefix}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the local sign-in accounts', () => {
  it('are reached only by the local runtime: no AWS function is granted LOCALACCT#', () => {
    for (const fn of ['public', 'console', 'jobs'] as FunctionName[]) {
      const partitions = FUNCTION_ACCESS[fn].flatMap((g) => g.partitions);
      expect(
        partitions.filter((p) => p !== '*' && 'LOCALACCT#'.startsWith(p.replace(/\*$/, ''))),
        fn,
      ).toEqual([]);
      expect(
        leadingKeys(fn).flatMap((r) => r.prefixes),
        fn,
      ).not.toContain('LOCALACCT#');
    }
    expect(leadingKeys('local').flatMap((r) => r.prefixes)).toContain('LOCALACCT#');
  });
});
