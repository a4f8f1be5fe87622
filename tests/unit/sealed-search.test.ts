import { describe, expect, it } from 'vitest';
import { AREA_CODES, areaFromCode, publicServiceId } from '../../functions/domain/directory/public-ids.js';
import {
  openSearch,
  SEARCH_RESULTS_MINUTES,
  SEARCH_TOKEN,
  sealSearch,
} from '../../functions/domain/directory/sealed-search.js';
import { backPathFrom, DirectorySearchParamsSchema } from '../../functions/domain/directory/search-params.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const NOW = Date.parse('2026-12-01T10:00:00Z');
const params = DirectorySearchParamsSchema.parse({
  q: 'ที่พัก ใกล้ฉัน',
  area: ['a1', 'health'],
  place: 'TH-50',
  free: '1',
});

describe('sealed searches (the results address)', () => {
  it('opens to the same search, without the words anywhere in the token', () => {
    const token = sealSearch(params, SECRET, NOW);
    expect(token).toMatch(SEARCH_TOKEN);
    expect(token).toMatch(/^[0-9a-f]+$/);
    expect(openSearch(token, SECRET, NOW + 60_000)).toEqual({ ok: true, params });
    // A fresh random IV each time: the same search never gives the same address twice.
    expect(sealSearch(params, SECRET, NOW)).not.toBe(token);
  });

  it('is no longer kept after SEARCH_RESULTS_MINUTES, nor under another secret, nor when altered', () => {
    const token = sealSearch(params, SECRET, NOW);
    expect(openSearch(token, SECRET, NOW + SEARCH_RESULTS_MINUTES * 60_000 + 1000)).toEqual({ ok: false });
    expect(openSearch(token, `${SECRET}-other`, NOW)).toEqual({ ok: false });
    const flipped = `${token.slice(0, 40)}${token[40] === '0' ? '1' : '0'}${token.slice(41)}`;
    expect(openSearch(flipped, SECRET, NOW)).toEqual({ ok: false });
    for (const bad of ['', 'zz', 'ab'.repeat(10), 'AB'.repeat(60), `${token}x`])
      expect(openSearch(bad, SECRET, NOW)).toEqual({ ok: false });
  });

  it('leads back to results without words: a token, or neutral criteria with the words dropped', () => {
    const token = sealSearch(params, SECRET, NOW);
    expect(backPathFrom(`r=${token}&page=3`)).toBe(`/r/${token}?page=3`);
    expect(backPathFrom(`r=${token}&page=-1`)).toBe(`/r/${token}`);
    expect(backPathFrom('r=not-a-token')).toBeUndefined();
    expect(backPathFrom('q=shelter&area=housing&place=TH')).toBe('?area=a1&place=TH');
    expect(backPathFrom('q=shelter')).toBeUndefined();
  });
});

describe('opaque ids and neutral codes', () => {
  it('gives each service a stable 12-hex-digit id that holds none of its words', () => {
    const id = publicServiceId('th-bangkok-harbour-light-emergency-shelter');
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(publicServiceId('th-bangkok-harbour-light-emergency-shelter')).toBe(id);
    expect(publicServiceId('th-clinic')).not.toBe(id);
  });

  it('has one distinct code per area, and reads old area ids too', () => {
    expect(new Set(Object.values(AREA_CODES)).size).toBe(AREAS.length);
    for (const area of AREAS) expect(areaFromCode(AREA_CODES[area])).toBe(area);
    expect(DirectorySearchParamsSchema.parse({ area: ['a10', 'legal'] }).area).toEqual([
      'case-management',
      'legal',
    ]);
    expect(DirectorySearchParamsSchema.safeParse({ area: ['a11'] }).success).toBe(false);
  });
});
