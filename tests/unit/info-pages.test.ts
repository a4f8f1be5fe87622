import { describe, expect, it } from 'vitest';
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { findRevealingWords } from '../../functions/domain/discretion.js';
import { COMPLETE_LOCALES, type SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { referenceData } from '../../functions/reference/index.js';
import { GENERAL_SOURCES, rightsData, SOURCE_IDS, SOURCE_LABELS } from '../../functions/reference/rights.js';
import { RESOURCES } from '../../locales/index.js';
import {
  isSaveable,
  isStorableResponse,
  OFFLINE_CACHE,
  pagesToSave,
} from '../../web/islands/offline-policy.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

const ORIGIN = 'https://portal.example';
const url = (path: string, origin = ORIGIN) => new URL(path, origin);

describe('save for offline: what may be kept on the phone', () => {
  it('keeps general and directory pages in every language, and the site’s own scripts', () => {
    for (const path of [
      '/th/',
      '/km/services',
      `/my/services/${publicServiceId('th-shelter')}`,
      '/lo/urgent',
      '/vi/urgent?country=VN',
      '/zh-Hans/safety',
      '/id/families',
      '/en/rights',
      '/en/rights?country=KH',
      '/assets/quick-exit-1a2b3c.js',
    ])
      expect(isSaveable(url(path), ORIGIN), path).toBe(true);
  });

  it('never keeps anything personal, searched for, or from elsewhere', () => {
    for (const path of [
      '/en/help/request',
      '/en/help/status',
      '/en/card?id=th-shelter',
      '/en/services/th-shelter/report',
      '/en/services?q=clinic',
      '/en/services/th-shelter',
      `/en/services/r/${'ab'.repeat(60)}`,
      `/en/services/r/${'ab'.repeat(60)}?page=2`,
      '/en/services?area=housing&place=TH',
      '/en/rights?country=KH&q=x',
      '/en/urgent?country=kh',
      '/en/safety?x=1',
      '/api/public/services',
      '/hsds/services',
      '/sw.js',
      '/fr/',
      '/assets/quick-exit.js?v=1',
    ])
      expect(isSaveable(url(path), ORIGIN), path).toBe(false);
    expect(isSaveable(url('/en/safety', 'https://other.example'), ORIGIN)).toBe(false);
  });

  it('stores only complete, same-origin responses that are not marked no-store', () => {
    const response = (init: { status?: number; type?: string; redirected?: boolean; cc?: string }) =>
      ({
        status: init.status ?? 200,
        type: init.type ?? 'basic',
        redirected: init.redirected ?? false,
        headers: new Headers(init.cc ? { 'Cache-Control': init.cc } : {}),
      }) as unknown as Response;
    expect(isStorableResponse(response({ cc: 'public, max-age=60' }))).toBe(true);
    expect(isStorableResponse(response({ cc: 'no-store' }))).toBe(false);
    expect(isStorableResponse(response({ status: 404 }))).toBe(false);
    expect(isStorableResponse(response({ type: 'opaque' }))).toBe(false);
    expect(isStorableResponse(response({ redirected: true }))).toBe(false);
  });

  it('saves the general pages in the reader’s language, all of them saveable', () => {
    const pages = pagesToSave('km');
    expect(pages).toEqual(['/km/', '/km/services', '/km/urgent', '/km/safety', '/km/families', '/km/rights']);
    for (const page of pages) expect(isSaveable(url(page), ORIGIN)).toBe(true);
    expect(OFFLINE_CACHE).toMatch(/^waypoint-offline-v\d+$/);
  });

  it('answers every page it saves with a cacheable response, and personal pages with no-store', async () => {
    const app = createPublicApp(fakePublicDeps().deps);
    for (const page of pagesToSave('th')) {
      const res = await app.request(page);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control'), page).not.toContain('no-store');
    }
    for (const page of ['/th/help/request', '/th/help/status', '/th/card?id=th-shelter'])
      expect((await app.request(page)).headers.get('cache-control'), page).toBe('no-store');
  });
});

describe('rights data', () => {
  const rights = rightsData();
  const countries = referenceData().countries.map((c) => c.id);
  const info = (locale: (typeof SUPPORTED_LOCALES)[number]) =>
    RESOURCES[locale].info as { rights: { country: Record<string, Record<string, string>> } };

  it('has an entry for every country in the reference data, waiting for legal review', () => {
    expect([...rights.keys()].sort()).toEqual([...countries].sort());
    for (const entry of rights.values()) {
      expect(entry.legalReview.status === 'reviewed').toBe(entry.legalReview.by !== null);
      expect(Date.parse(entry.lastReviewed)).not.toBeNaN();
    }
  });

  it('has the country sentences the page shows in every complete language (partial ones fall back)', () => {
    for (const locale of COMPLETE_LOCALES)
      for (const entry of rights.values()) {
        const sentences = info(locale).rights.country[entry.country] ?? {};
        expect(sentences.compensation, `${locale} ${entry.country}`).toBeTruthy();
        if (entry.reflectionDays) {
          expect(sentences.reflection, `${locale} ${entry.country}`).toBeTruthy();
          // The sentence states the same number of days as the data, in any script's digits
          // (Thai, Lao, Khmer and Burmese digits run from a code point ending in 0).
          const numbers = (sentences.reflection ?? '').replace(/\p{Nd}/gu, (d) =>
            String((d.codePointAt(0) ?? 0) & 0xf),
          );
          expect(numbers.match(/\d+/g), `${locale} ${entry.country}`).toContain(String(entry.reflectionDays));
        }
      }
  });

  it('names every source neutrally', () => {
    for (const id of SOURCE_IDS) {
      expect(SOURCE_LABELS[id]).toBeTruthy();
      expect(findRevealingWords(SOURCE_LABELS[id])).toEqual([]);
    }
    for (const entry of rights.values()) {
      expect(findRevealingWords(entry.compensation.citation)).toEqual([]);
      for (const source of entry.sources) expect(SOURCE_IDS).toContain(source);
    }
    for (const source of GENERAL_SOURCES) expect(SOURCE_IDS).toContain(source);
  });
});
