import { describe, expect, it } from 'vitest';
import { negotiateLocale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { NAMESPACES, RESOURCES } from '../../locales/index.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Plural forms differ per language (Thai has only "other"), so compare base keys. */
function baseKeys(keys: Iterable<string>): Set<string> {
  return new Set([...keys].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

describe('locale files', () => {
  for (const ns of NAMESPACES) {
    const source = flatten(RESOURCES.en[ns]);
    for (const locale of SUPPORTED_LOCALES) {
      it(`${locale}/${ns} has exactly the keys of en/${ns} and no empty value`, () => {
        const target = flatten(RESOURCES[locale][ns]);
        expect([...baseKeys(target.keys())].sort()).toEqual([...baseKeys(source.keys())].sort());
        for (const [key, value] of target) {
          expect(typeof value, `${locale}/${ns}:${key}`).toBe('string');
          expect((value as string).trim().length, `${locale}/${ns}:${key} is empty`).toBeGreaterThan(0);
        }
        // Every plural key needs the "other" form, the one every language has.
        for (const key of target.keys()) {
          if (PLURAL_SUFFIX.test(key)) expect(target.has(key.replace(PLURAL_SUFFIX, '_other'))).toBe(true);
        }
      });

      it(`${locale}/${ns} keeps every {{placeholder}} of the source`, () => {
        const target = flatten(RESOURCES[locale][ns]);
        for (const [key, value] of source) {
          const placeholders = String(value).match(/\{\{\s*\w+\s*\}\}/g) ?? [];
          const translated = target.get(key) ?? target.get(key.replace(PLURAL_SUFFIX, '_other'));
          for (const p of placeholders) expect(String(translated), `${locale}/${ns}:${key}`).toContain(p);
        }
      });
    }
  }
});

describe('negotiateLocale', () => {
  it('defaults to English without a header', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
  });
  it('honours q-values and primary subtags', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,th-TH;q=0.8,en;q=0.5')).toBe('th');
    expect(negotiateLocale('km-KH')).toBe('km');
    expect(negotiateLocale('en;q=0.2, my;q=0.9')).toBe('my');
  });
  it('maps simplified Chinese tags to zh-Hans but not traditional ones', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9')).toBe('zh-Hans');
    expect(negotiateLocale('zh-Hans-SG')).toBe('zh-Hans');
    expect(negotiateLocale('zh-TW')).toBe('en');
  });
  it('maps the legacy Indonesian code and ignores q=0', () => {
    expect(negotiateLocale('in-ID')).toBe('id');
    expect(negotiateLocale('vi;q=0, lo')).toBe('lo');
  });
  it('only picks among the allowed locales', () => {
    expect(negotiateLocale('th', ['en', 'vi'])).toBe('en');
    expect(negotiateLocale('th', ['vi'])).toBe('vi');
  });
});
