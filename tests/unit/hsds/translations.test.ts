import { describe, expect, it } from 'vitest';
import { mergeLocale } from '../../../functions/domain/directory/hsds/index.js';

const stored = {
  id: 's1',
  name: { en: 'Shelter', th: 'ที่พัก' },
  description: { en: 'Beds', th: 'เตียง', km: 'គ្រែ' },
  contacts: [{ kind: 'phone', value: '+66 1', label: { en: 'Office', th: 'สำนักงาน' } }],
  translationStatus: { description: { en: 'source', th: 'reviewed', km: 'draft' } },
};

describe('one HSDS file per locale', () => {
  it('an English import keeps the other languages and marks changed fields for review', () => {
    const incoming = {
      id: 's1',
      name: { en: 'Shelter' },
      description: { en: 'Beds and meals' },
      contacts: [{ kind: 'phone', value: '+66 1', label: { en: 'Office' } }],
      translationStatus: { description: { en: 'source', th: 'reviewed', km: 'draft' } },
    };
    const merged = mergeLocale(stored, incoming, 'en');
    expect(merged?.name).toEqual({ en: 'Shelter', th: 'ที่พัก' });
    expect(merged?.description).toEqual({ en: 'Beds and meals', th: 'เตียง', km: 'គ្រែ' });
    expect(merged?.contacts[0]?.label).toEqual({ en: 'Office', th: 'สำนักงาน' });
    expect(merged?.translationStatus.description).toEqual({
      en: 'source',
      th: 'needs-review',
      km: 'needs-review',
    });
  });

  it('another locale changes only its own texts; English fallbacks are not stored as translations', () => {
    const incoming = {
      id: 's1',
      name: { en: 'ชื่อใหม่' },
      description: { en: 'Beds' },
      contacts: [{ kind: 'phone', value: '+66 1', label: { en: 'Office' } }],
    };
    const merged = mergeLocale(stored, incoming, 'km');
    expect(merged?.name).toEqual({ en: 'Shelter', th: 'ที่พัก', km: 'ชื่อใหม่' });
    // The stored km text is replaced by what the file says, even when that is the English text.
    expect(merged?.description).toEqual({ en: 'Beds', th: 'เตียง', km: 'Beds' });
    expect(merged?.contacts[0]?.label).toEqual({ en: 'Office', th: 'สำนักงาน' });
    expect(mergeLocale(undefined, incoming, 'km')).toBeUndefined();
  });

  it('a Shan or Karen file: the Burmese fallback its export carried is not stored as a translation', () => {
    const withBurmese = { ...stored, name: { en: 'Shelter', my: 'နေစရာ' } };
    const incoming = {
      id: 's1',
      name: { en: 'နေစရာ' },
      description: { en: 'ၼွၼ်း' },
      contacts: [{ kind: 'phone', value: '+66 1', label: { en: 'Office' } }],
    };
    const merged = mergeLocale(withBurmese, incoming, 'shn');
    expect(merged?.name).toEqual({ en: 'Shelter', my: 'နေစရာ' });
    expect(merged?.description).toEqual({ en: 'Beds', th: 'เตียง', km: 'គ្រែ', shn: 'ၼွၼ်း' });
    expect(merged?.contacts[0]?.label).toEqual({ en: 'Office', th: 'สำนักงาน' });
  });
});
