import { describe, expect, it } from 'vitest';
import { editTexts } from '../../functions/domain/directory/editing.js';
import { discreetLabelOf } from '../../functions/domain/directory/model.js';
import { FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';

const editor = { sub: 'editor-1', name: 'Editor' };
const now = new Date('2026-12-01T10:00:00Z');
const service = FIXTURE_SERVICES[0];

describe('the discreet label (what the card shows instead of the name)', () => {
  it('is taken as editors write it when it says nothing about what the service is for', () => {
    if (!service) throw new Error('fixture');
    const result = editTexts(
      service,
      [
        { field: 'discreetLabel', locale: 'en', text: 'Orchid House' },
        { field: 'discreetLabel', locale: 'th', text: 'บ้านกล้วยไม้' },
      ],
      editor,
      now,
    );
    expect(result.ok && result.service.discreetLabel).toEqual({ en: 'Orchid House', th: 'บ้านกล้วยไม้' });
  });

  it('is refused, per language, when it says what the service is for', () => {
    if (!service) throw new Error('fixture');
    const result = editTexts(
      service,
      [
        { field: 'discreetLabel', locale: 'en', text: 'Orchid Shelter' },
        { field: 'discreetLabel', locale: 'th', text: 'บ้านพักปลอดภัยกล้วยไม้' },
        { field: 'discreetLabel', locale: 'vi', text: 'Nhà Lan' },
      ],
      editor,
      now,
    );
    expect(result).toEqual({
      ok: false,
      errors: { 'discreetLabel.en': 'revealing', 'discreetLabel.th': 'revealing' },
    });
  });

  it('falls back to the organisation’s short name, and never to a full name', () => {
    if (!service) throw new Error('fixture');
    const organization = FIXTURE_ORGANIZATIONS[0];
    expect(discreetLabelOf({ ...service, discreetLabel: undefined }, organization)).toBeUndefined();
    expect(
      discreetLabelOf({ ...service, discreetLabel: undefined }, { hsds: { alternate_name: ' Riverside ' } }),
    ).toEqual({ en: 'Riverside' });
    expect(discreetLabelOf({ ...service, discreetLabel: { en: 'Orchid House' } }, organization)).toEqual({
      en: 'Orchid House',
    });
  });
});
