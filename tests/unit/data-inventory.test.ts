import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  INVENTORY_END,
  INVENTORY_START,
  ITEM_TYPES,
  inventoryMarkdown,
  leadingKeys,
} from '../../functions/data/inventory.js';

describe('data inventory', () => {
  it('docs/data-inventory.md carries exactly the generated tables (npm run docs:inventory)', () => {
    const doc = readFileSync(new URL('../../docs/data-inventory.md', import.meta.url), 'utf8');
    const start = doc.indexOf(INVENTORY_START);
    const end = doc.indexOf(INVENTORY_END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(doc.slice(start + INVENTORY_START.length, end).trim()).toBe(inventoryMarkdown().trim());
  });

  it('names every item type once, with a TTL, an owner and readers', () => {
    const names = ITEM_TYPES.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    for (const item of ITEM_TYPES) {
      expect(item.ttl, item.name).not.toBe('');
      expect(item.owner, item.name).toMatch(/\.ts/);
      expect(item.readers, item.name).not.toBe('');
      expect(item.pk.startsWith(item.pkPrefix), item.name).toBe(true);
      for (const ix of item.indexes) expect(ix.pk.startsWith(ix.pkPrefix), item.name).toBe(true);
    }
  });

  it('encrypted fields are personal, and every item holding a survivor\'s personal data goes with "delete my data"', () => {
    for (const item of ITEM_TYPES) {
      for (const f of item.encrypted) expect(item.personal, item.name).toContain(f);
      const survivorData = item.personal.some((f) => !f.includes('(staff)'));
      // A form draft is sealed with a key only the person's page address holds, no code leads to it,
      // and it is gone minutes after the last step: "delete my data" has nothing to reach.
      const draft = item.name === 'DRAFT' && item.ttl.includes('minutes');
      if (survivorData && item.name !== 'REPORT' && !draft)
        expect(item.removedBy['delete-my-data'], item.name).toBeDefined();
      if (item.encrypted.length && !draft)
        expect(item.removedBy['delete-my-data'], item.name).toBe('deleted');
    }
  });

  it('contact details and notes expire with the personal data', () => {
    for (const name of ['PII', 'MSG', 'NOTE', 'FU_PII'])
      expect(ITEM_TYPES.find((i) => i.name === name)?.removedBy.retention, name).toBe('deleted');
  });

  it('gives the public function no key prefix of sessions, sign-ins, confidential addresses, staff notes or the audit trail', () => {
    const publicRows = leadingKeys('public');
    const prefixes = publicRows.flatMap((r) => r.prefixes);
    for (const p of ['SESSION#', 'AUTHTX#', 'LOC#', 'NOTE#']) expect(prefixes).not.toContain(p);
    // Notes, handover notes and wrap-up summaries live in the staff-only partition; the public
    // function only marks them for the erase-notes job.
    for (const name of ['NOTE', 'EVENT_SUMMARY']) {
      const item = ITEM_TYPES.find((i) => i.name === name);
      expect(item?.pkPrefix, name).toBe('NOTE#');
      expect(item?.access.public, name).toBeUndefined();
      expect(item?.access.jobs, name).toContain('delete');
      expect(item?.removedBy['delete-my-data'], name).toBeDefined();
    }
    expect(ITEM_TYPES.find((i) => i.name === 'ERASE')?.access.public).toEqual(['put']);
    expect(publicRows.some((r) => r.table === 'audit')).toBe(false);
    // The console reads the queue through gsi1 and the held requests through gsi2.
    const consoleQueries = leadingKeys('console').filter((r) => r.operation === 'query');
    expect(consoleQueries.find((r) => r.index === 'gsi1')?.prefixes).toContain('QUEUE#');
    expect(consoleQueries.find((r) => r.index === 'gsi2')?.prefixes).toContain('HELD');
  });
});
