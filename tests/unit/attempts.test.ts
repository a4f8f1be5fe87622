import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contactTiming,
  DEFAULT_RETRY_POLICY,
  decideAfterAttempt,
  nextAttemptAt,
  UNSAFE_OUTCOMES,
} from '../../functions/domain/requests/attempts.js';
import {
  instantOf,
  openWindowAt,
  type SafeWindow,
  WEEKDAYS,
} from '../../functions/domain/requests/safe-windows.js';

const zones = ['Asia/Bangkok', 'Asia/Yangon', 'Asia/Ho_Chi_Minh', 'Europe/London', 'America/New_York'];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const windowArb: fc.Arbitrary<SafeWindow> = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 23 * 60 + 59 }),
    length: fc.integer({ min: 30, max: 14 * 60 }),
  })
  .map(({ days, from, length }) => ({ days, from: hhmm(from), to: hhmm((from + length) % 1440) }));
const windowsArb = fc.array(windowArb, { minLength: 0, maxLength: 3 });
const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) });
const retryOutcome = fc.constantFrom(
  'no-answer',
  'message-left',
  'someone-else-answered',
  'unsafe-to-talk' as const,
);
const policyArb = fc.record({
  urgentMinutes: fc.integer({ min: 5, max: 240 }),
  normalMinutes: fc.integer({ min: 15, max: 1440 }),
});

/** Inside a safe window (or any time when the person gave none). */
function insideSafeWindow(windows: SafeWindow[], tz: string, at: number): boolean {
  return windows.length === 0 || openWindowAt(windows, tz, at) !== undefined;
}

describe('next try after an unsuccessful attempt (properties)', () => {
  it('is always in the future and inside a safe window', () => {
    fc.assert(
      fc.property(
        windowsArb,
        fc.constantFrom(...zones),
        nowArb,
        retryOutcome,
        fc.boolean(),
        policyArb,
        (windows, tz, now, outcome, urgent, retry) => {
          const next = nextAttemptAt(windows, tz, now, { outcome, urgent, retry });
          expect(next).toBeGreaterThan(now);
          expect(insideSafeWindow(windows, tz, next)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is never inside the window found unsafe, whatever the priority', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...zones),
        nowArb,
        fc.constantFrom(...UNSAFE_OUTCOMES),
        fc.boolean(),
        policyArb,
        (windows, tz, now, outcome, urgent, retry) => {
          const current = openWindowAt(windows, tz, now);
          const next = nextAttemptAt(windows, tz, now, { outcome, urgent, retry });
          if (current) expect(next).toBeGreaterThanOrEqual(current.end);
          expect(next).toBeGreaterThanOrEqual(now + retry.normalMinutes * 60_000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tries an urgent request again inside the same window when enough of it is left', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...zones),
        nowArb,
        fc.constantFrom('no-answer', 'message-left' as const),
        policyArb,
        (windows, tz, now, outcome, retry) => {
          const current = openWindowAt(windows, tz, now);
          const gap = retry.urgentMinutes * 60_000;
          const next = nextAttemptAt(windows, tz, now, { outcome, urgent: true, retry });
          if (current && now + gap < current.end) expect(next).toBe(now + gap);
          else expect(next).toBeGreaterThanOrEqual(now + gap);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves a normal request to a later window, at least the normal gap away', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...zones),
        nowArb,
        policyArb,
        (windows, tz, now, retry) => {
          const current = openWindowAt(windows, tz, now);
          const next = nextAttemptAt(windows, tz, now, { outcome: 'no-answer', urgent: false, retry });
          expect(next).toBeGreaterThanOrEqual(now + retry.normalMinutes * 60_000);
          if (current) expect(next).toBeGreaterThanOrEqual(current.end);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('attempt rules, examples', () => {
  // Monday 2026-12-07, Bangkok: safe 09:00-18:00 on weekdays.
  const tz = 'Asia/Bangkok';
  const windows: SafeWindow[] = [{ days: ['mo', 'tu', 'we', 'th', 'fr'], from: '09:00', to: '18:00' }];
  const at = (h: number, m = 0, day = 7) => instantOf(tz, 2026, 12, day, h, m);
  const base = {
    mayLeaveMessage: false,
    safeWindows: windows,
    timeZone: tz,
    unsuccessfulInARow: 0,
    maxUnsuccessful: 3,
    now: at(9, 0),
  };

  it('an urgent "no answer" with 9 hours of window left is tried again 15 minutes later, not the next day', () => {
    const d = decideAfterAttempt({ ...base, outcome: 'no-answer', urgent: true });
    expect(d).toMatchObject({ kind: 'retry', nextContactableAt: at(9, 15) });
    const later = decideAfterAttempt({
      ...base,
      outcome: 'no-answer',
      urgent: true,
      retry: { ...DEFAULT_RETRY_POLICY, urgentMinutes: 30 },
    });
    expect(later).toMatchObject({ kind: 'retry', nextContactableAt: at(9, 30) });
  });

  it('a normal "no answer" waits for the next window, and "unsafe to talk" skips this window even when urgent', () => {
    expect(decideAfterAttempt({ ...base, outcome: 'no-answer' })).toMatchObject({
      nextContactableAt: at(9, 0, 8),
    });
    expect(decideAfterAttempt({ ...base, outcome: 'unsafe-to-talk', urgent: true })).toMatchObject({
      nextContactableAt: at(9, 0, 8),
    });
  });

  it('the card says "not safe now" and the next try after "someone else answered", never a closing window', () => {
    const now = at(9, 5);
    const d = decideAfterAttempt({ ...base, now, outcome: 'someone-else-answered' });
    if (d.kind !== 'retry') throw new Error('expected a retry');
    const timing = contactTiming({
      windows,
      timeZone: tz,
      now: at(10, 0),
      nextContactableAt: d.nextContactableAt,
      lastAttempt: { outcome: 'someone-else-answered', at: now },
    });
    expect(timing).toEqual({ kind: 'not-safe-now', nextTryAt: at(9, 0, 8) });
  });

  it('the card shows an open window as open, and the next window for an old stored time', () => {
    expect(contactTiming({ windows, timeZone: tz, now: at(17, 0), nextContactableAt: at(9, 0, 1) })).toEqual({
      kind: 'now',
      closesAt: at(18, 0),
    });
    // Stored next try long past, outside the window now: the next window, not the old time.
    expect(contactTiming({ windows, timeZone: tz, now: at(19, 0), nextContactableAt: at(9, 0, 1) })).toEqual({
      kind: 'next-window',
      nextTryAt: at(9, 0, 8),
    });
    expect(contactTiming({ windows: [], timeZone: tz, now: at(19, 0) })).toEqual({ kind: 'now' });
  });
});

describe('contact timing (properties)', () => {
  it('never shows a time in the past, and the next try is inside a safe window', () => {
    fc.assert(
      fc.property(
        windowsArb,
        fc.constantFrom(...zones),
        nowArb,
        fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }),
        fc.option(retryOutcome),
        (windows, tz, now, offset, outcome) => {
          const timing = contactTiming({
            windows,
            timeZone: tz,
            now,
            nextContactableAt: now + offset,
            lastAttempt: outcome ? { outcome, at: now - 60_000 } : undefined,
          });
          if (timing.kind === 'now') {
            if (timing.closesAt !== undefined) expect(timing.closesAt).toBeGreaterThan(now);
            expect(insideSafeWindow(windows, tz, now)).toBe(true);
          } else {
            expect(timing.nextTryAt).toBeGreaterThan(now);
            expect(timing.nextTryAt).toBeGreaterThanOrEqual(now + offset);
            expect(insideSafeWindow(windows, tz, timing.nextTryAt)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
