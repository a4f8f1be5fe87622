import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsLocal, nextCheckInAt, RHYTHM_MONTHS } from '../../functions/domain/followups/schedule.js';
import {
  localFields,
  openWindowAt,
  type SafeWindow,
  WEEKDAYS,
} from '../../functions/domain/requests/safe-windows.js';

const ZONES = [
  'Asia/Bangkok',
  'Asia/Yangon',
  'Asia/Ho_Chi_Minh',
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
];
const windowArb = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 23 }),
    length: fc.integer({ min: 1, max: 6 }),
  })
  .map(
    (w): SafeWindow => ({
      days: w.days,
      from: `${String(w.from).padStart(2, '0')}:00`,
      to: `${String((w.from + w.length) % 24).padStart(2, '0')}:00`,
    }),
  );

describe('follow-up schedule', () => {
  it('due times fall inside a safe window and never earlier than the rhythm allows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('monthly' as const, 'quarterly' as const),
        fc.array(windowArb, { minLength: 1, maxLength: 2 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }),
        (rhythm, windows, tz, from) => {
          const due = nextCheckInAt({ rhythm, safeWindows: windows, timeZone: tz, from });
          expect(due).toBeDefined();
          expect(openWindowAt(windows, tz, due as number)).toBeDefined();
          // At least the rhythm later on the person's own calendar (month ends clamp to the last day).
          expect(due as number).toBeGreaterThanOrEqual(addMonthsLocal(tz, from, RHYTHM_MONTHS[rhythm]));
          expect((due as number) - from).toBeGreaterThanOrEqual(RHYTHM_MONTHS[rhythm] * 27 * 86_400_000);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('handles month ends', () => {
    const jan31 = Date.UTC(2027, 0, 31, 3); // 10:00 in Bangkok
    const feb = localFields('Asia/Bangkok', addMonthsLocal('Asia/Bangkok', jan31, 1));
    expect([feb.month, feb.day, feb.hour]).toEqual([2, 28, 10]);
    const leap = localFields('Asia/Bangkok', addMonthsLocal('Asia/Bangkok', Date.UTC(2028, 0, 31, 3), 1));
    expect([leap.month, leap.day]).toEqual([2, 29]);
  });

  it('keeps the local time across a daylight-saving change', () => {
    // 10:00 in New York on 15 February (EST) → 15 March 10:00 (EDT), 14:00 UTC.
    const feb15 = Date.UTC(2027, 1, 15, 15);
    expect(new Date(addMonthsLocal('America/New_York', feb15, 1)).toISOString()).toBe(
      '2027-03-15T14:00:00.000Z',
    );
  });

  it('schedules nothing for "only when I ask" or after the end date', () => {
    const w: SafeWindow[] = [{ days: [...WEEKDAYS], from: '09:00', to: '17:00' }];
    expect(
      nextCheckInAt({ rhythm: 'on-request', safeWindows: w, timeZone: 'Asia/Bangkok', from: Date.now() }),
    ).toBeUndefined();
    const from = Date.UTC(2027, 0, 10);
    expect(
      nextCheckInAt({
        rhythm: 'quarterly',
        safeWindows: w,
        timeZone: 'Asia/Bangkok',
        from,
        endsAt: from + 30 * 86_400_000,
      }),
    ).toBeUndefined();
  });
});
