import { describe, expect, it } from 'vitest';
import {
  isPriorityReason,
  PRIORITY_DETAILS_MAX,
  PRIORITY_REASONS,
  parsePriorityChange,
  shownPriorityReason,
} from '../../functions/domain/requests/priority-change.js';

describe('priority change form', () => {
  it('takes a priority and a reason from the list; details only when typed', () => {
    expect(parsePriorityChange({ priority: '1', reason: 'safety-risk', details: '' })).toEqual({
      ok: true,
      change: { priority: 1, reason: 'safety-risk', details: undefined },
    });
    expect(parsePriorityChange({ priority: '3', reason: 'other', details: '   ' })).toEqual({
      ok: true,
      change: { priority: 3, reason: 'other', details: undefined },
    });
    expect(
      parsePriorityChange({ priority: '2', reason: 'time-window', details: '  only before 6  ' }),
    ).toEqual({ ok: true, change: { priority: 2, reason: 'time-window', details: 'only before 6' } });
    for (const reason of PRIORITY_REASONS)
      expect(parsePriorityChange({ priority: '2', reason }).ok, reason).toBe(true);
  });

  it('refuses a reason that is missing, free text or not on the list, and names the field', () => {
    for (const reason of [
      undefined,
      '',
      'Says the employer is coming back tonight',
      'OTHER',
      'legacy',
      'other ',
    ]) {
      expect(parsePriorityChange({ priority: '1', reason }), String(reason)).toEqual({
        ok: false,
        field: 'reason',
      });
    }
  });

  it('refuses a priority outside 1–3 and details that are too long', () => {
    for (const priority of ['0', '4', '1.5', '', 'urgent', undefined])
      expect(parsePriorityChange({ priority, reason: 'health' }), String(priority)).toEqual({
        ok: false,
        field: 'priority',
      });
    expect(
      parsePriorityChange({ priority: '1', reason: 'health', details: 'x'.repeat(PRIORITY_DETAILS_MAX + 1) }),
    ).toEqual({ ok: false, field: 'details' });
    expect(
      parsePriorityChange({ priority: '1', reason: 'health', details: 'x'.repeat(PRIORITY_DETAILS_MAX) }).ok,
    ).toBe(true);
  });

  it('shows a stored reason as its word, and free text written before the list as "legacy"', () => {
    expect(isPriorityReason('child')).toBe(true);
    expect(isPriorityReason('Her employer is X')).toBe(false);
    expect(isPriorityReason(undefined)).toBe(false);
    expect(shownPriorityReason({ reason: 'new-information' })).toBe('new-information');
    expect(shownPriorityReason({ reason: 'Her employer is X' })).toBe('legacy');
    expect(shownPriorityReason({ reason: '' })).toBe('legacy');
  });
});
