import { describe, expect, it } from 'vitest';
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { DirectoryIndex, placesOverlap } from '../../functions/domain/directory/search.js';
import { isOpenAt } from '../../functions/domain/directory/schedule.js';
import { normalize, words } from '../../functions/domain/directory/text.js';
import { referenceData } from '../../functions/reference/index.js';
import { fixtureSnapshot } from '../fixtures/directory-fixture.js';

const index = new DirectoryIndex(fixtureSnapshot(), searchVocabulary(referenceData()));
const ids = (r: ReturnType<DirectoryIndex['search']>) => r.hits.map((h) => h.service.id);
const NOW = new Date('2026-11-25T03:00:00Z'); // Wednesday 10:00 in Bangkok

describe('text', () => {
  it('folds case and Latin diacritics but keeps Thai and Burmese marks', () => {
    expect(normalize('Bác Sĩ ĐÀ')).toBe('bac si da');
    expect(normalize('ที่พัก')).toBe('ที่พัก');
    expect(normalize('ဥပဒေ')).toBe('ဥပဒေ');
  });
  it('splits unspaced Thai into words', () => {
    expect(words('ที่พักชั่วคราวสำหรับผู้หญิง')).toEqual(expect.arrayContaining(['ที่พัก', 'สำหรับ']));
  });
});

describe('directory search', () => {
  it('leaves out inactive listings', () => {
    expect(index.size).toBe(4);
    expect(index.getService('vn-inactive')).toBeUndefined();
  });

  it('finds a Thai word inside an unspaced Thai description', () => {
    expect(ids(index.search({ text: 'ผู้หญิง' }, NOW))).toEqual(['th-shelter']);
  });

  it('finds a Burmese word inside unspaced Burmese text', () => {
    expect(ids(index.search({ text: 'လုပ်ခ' }, NOW))).toContain('mm-legal');
  });

  it('finds a Khmer word inside unspaced Khmer text', () => {
    expect(ids(index.search({ text: 'ទូរស័ព្ទ' }, NOW))).toEqual(['kh-counselling']);
  });

  it('links everyday words to service areas through synonyms', () => {
    expect(ids(index.search({ text: 'doctor' }, NOW))).toEqual(['th-clinic']);
    expect(ids(index.search({ text: 'ห้องพัก' }, NOW))).toContain('th-shelter');
    expect(ids(index.search({ text: 'lawyer' }, NOW))).toEqual(['mm-legal']);
  });

  it('is accent- and case-insensitive and matches word prefixes', () => {
    expect(ids(index.search({ text: 'CLINIC' }, NOW))).toEqual(['th-clinic']);
    expect(ids(index.search({ text: 'counsel' }, NOW))).toEqual(['kh-counselling']);
  });

  it('matches place names in any language', () => {
    expect(ids(index.search({ text: 'เชียงใหม่' }, NOW))).toEqual(['th-shelter']);
  });

  it('combines filters', () => {
    expect(ids(index.search({ place: 'TH' }, NOW)).sort()).toEqual(['th-clinic', 'th-shelter']);
    expect(ids(index.search({ place: 'TH', open24h: true }, NOW))).toEqual(['th-shelter']);
    expect(ids(index.search({ place: 'TH', generalService: true }, NOW))).toEqual(['th-clinic']);
    expect(ids(index.search({ free: true, noPoliceReport: true }, NOW)).sort()).toEqual([
      'mm-legal',
      'th-clinic',
      'th-shelter',
    ]);
    expect(ids(index.search({ areas: ['legal', 'counselling'], language: 'km' }, NOW))).toEqual([
      'kh-counselling',
    ]);
    expect(ids(index.search({ text: 'doctor', place: 'MM' }, NOW))).toEqual([]);
  });

  it('never hides services for everyone when filtering by who is served', () => {
    const men = ids(index.search({ groups: ['men'] }, NOW)).sort();
    expect(men).toEqual(['kh-counselling', 'mm-legal', 'th-clinic']);
  });

  it('filters by open now in the service time zone', () => {
    expect(ids(index.search({ openNow: true, place: 'TH' }, NOW)).sort()).toEqual([
      'th-clinic',
      'th-shelter',
    ]);
    const sundayNight = new Date('2026-11-29T14:00:00Z'); // Sunday 21:00 in Bangkok
    expect(ids(index.search({ openNow: true, place: 'TH' }, sundayNight))).toEqual(['th-shelter']);
  });

  it('a place filter matches services of the whole country and of a district inside', () => {
    expect(placesOverlap('TH', 'TH-10-01')).toBe(true);
    expect(placesOverlap('TH-10-01', 'TH-10')).toBe(true);
    expect(placesOverlap('TH-10', 'TH-50')).toBe(false);
    expect(ids(index.search({ place: 'KH-12' }, NOW))).toEqual(['kh-counselling']);
  });

  it('pages results', () => {
    const page1 = index.search({ pageSize: 3 }, NOW);
    const page2 = index.search({ pageSize: 3, page: 2 }, NOW);
    expect(page1.total).toBe(4);
    expect(page1.pages).toBe(2);
    expect(page1.hits).toHaveLength(3);
    expect(page2.hits).toHaveLength(1);
    expect(new Set([...ids(page1), ...ids(page2)]).size).toBe(4);
  });

  it('ranks a name match above a description match', () => {
    const r = index.search({ text: 'clinic' }, NOW);
    expect(ids(r)[0]).toBe('th-clinic');
  });
});

describe('opening hours', () => {
  const overnight = {
    timeZone: 'Asia/Yangon',
    open24h: false,
    hours: [{ days: ['sa' as const], opens: '20:00', closes: '02:00' }],
  };
  it('handles periods past midnight', () => {
    expect(isOpenAt(overnight, new Date('2026-11-28T14:00:00Z'))).toBe(true); // Sat 20:30 Yangon
    expect(isOpenAt(overnight, new Date('2026-11-28T19:00:00Z'))).toBe(true); // Sun 01:30 Yangon
    expect(isOpenAt(overnight, new Date('2026-11-28T21:00:00Z'))).toBe(false); // Sun 03:30
    expect(isOpenAt(overnight, new Date('2026-11-27T14:00:00Z'))).toBe(false); // Fri 20:30
  });
  it('treats an unknown schedule as not open', () => {
    expect(isOpenAt(undefined, NOW)).toBe(false);
  });
});
