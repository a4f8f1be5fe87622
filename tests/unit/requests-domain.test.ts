import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiDigits } from '../../functions/domain/digits.js';
import {
  canTransition,
  publicStatus,
  REQUEST_STATUSES,
  reopenRefusal,
} from '../../functions/domain/requests/lifecycle.js';
import {
  afterFailure,
  afterSuccess,
  isLocked,
  MAX_FAILURES,
  MAX_LOCKOUT_MINUTES,
  pinProblem,
  QUIET_HOURS,
} from '../../functions/domain/requests/pin-policy.js';
import {
  AGE_BANDS,
  basePriority,
  effectivePriority,
  isChild,
} from '../../functions/domain/requests/priority.js';
import {
  CODE_ALPHABET,
  generateReferenceCode,
  normalizeReferenceCode,
} from '../../functions/domain/requests/reference-code.js';
import {
  localFields,
  nextSafeInstant,
  openWindowAt,
  type SafeWindow,
  WEEKDAYS,
} from '../../functions/domain/requests/safe-windows.js';
import {
  formAgeMs,
  issueActionToken,
  issueFormToken,
  verifyActionToken,
} from '../../functions/services/action-token.js';
import { draftFromBody, validateDraft } from '../../web/pages/request-form.js';

const calm = {
  dangerNow: false,
  hurtOrSick: false,
  threats: false,
  shelterTonight: false,
  ageBand: 'adult' as const,
};

describe('triage priority', () => {
  it('puts danger now and children first, whatever else is true', () => {
    expect(basePriority({ ...calm, dangerNow: true })).toBe(1);
    expect(basePriority({ ...calm, ageBand: 'under-18' })).toBe(1);
    expect(basePriority({ ...calm, ageBand: 'not-sure' })).toBe(1);
    expect(isChild('prefer-not-to-say')).toBe(false);
  });
  it('puts hurt, threatened or without a bed tonight next', () => {
    expect(basePriority({ ...calm, hurtOrSick: true })).toBe(2);
    expect(basePriority({ ...calm, threats: true })).toBe(2);
    expect(basePriority({ ...calm, shelterTonight: true })).toBe(2);
    expect(basePriority(calm)).toBe(3);
  });
  it('waiting moves a request up one level at most: urgent ones sit in the lists of priorities 1 and 2', () => {
    // The queue's alert poll reads only those two lists (Casework.urgentWaiting).
    const facts = fc.record({
      dangerNow: fc.boolean(),
      hurtOrSick: fc.boolean(),
      threats: fc.boolean(),
      shelterTonight: fc.boolean(),
      ageBand: fc.constantFrom(...AGE_BANDS),
    });
    fc.assert(
      fc.property(facts, fc.double({ min: 0, max: 10_000, noNaN: true }), (f, hours) => {
        const base = basePriority(f);
        const now = effectivePriority(f, hours);
        return now === base || now === base - 1;
      }),
    );
  });
  it('moves a waiting request up, never above urgent', () => {
    expect(effectivePriority(calm, 23)).toBe(3);
    expect(effectivePriority(calm, 24)).toBe(2);
    expect(effectivePriority({ ...calm, threats: true }, 12)).toBe(1);
    expect(effectivePriority({ ...calm, dangerNow: true }, 1000)).toBe(1);
  });
});

describe('reference codes', () => {
  it('uses only unambiguous characters in the form XXXX-XXXX', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        let offset = 0;
        const code = generateReferenceCode((n) => {
          const out = bytes.slice(offset % 48, (offset % 48) + n);
          offset += n;
          return out.length === n ? out : new Uint8Array(n).fill(3);
        });
        expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/);
        expect(normalizeReferenceCode(code.toLowerCase().replace('-', ' '))).toBe(code);
      }),
    );
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL5S2Z8B]/);
  });
  it('rejects codes of the wrong length or with other characters', () => {
    expect(normalizeReferenceCode('K7MH-Q9X')).toBeUndefined();
    expect(normalizeReferenceCode('K7MH-Q9X!')).toBeUndefined();
  });
});

describe('PIN rules', () => {
  it('refuses trivial PINs and accepts ordinary ones', () => {
    expect(pinProblem('12')).toBe('format');
    expect(pinProblem('abcd')).toBe('format');
    expect(pinProblem('1111')).toBe('too-simple');
    expect(pinProblem('1234')).toBe('too-simple');
    expect(pinProblem('9876')).toBe('too-simple');
    expect(pinProblem('2580')).toBeUndefined();
  });
  it('reads Thai, Burmese, Khmer and Lao digits', () => {
    expect(asciiDigits('๒๕๘๐')).toBe('2580');
    expect(asciiDigits('၂၅၈၀')).toBe('2580');
    expect(asciiDigits('២៥៨០')).toBe('2580');
    expect(asciiDigits('໒໕໘໐')).toBe('2580');
  });
  it('locks after the limit, longer each time, and success resets', () => {
    let state = { failedAttempts: 0, lockouts: 0 } as Parameters<typeof afterFailure>[0];
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES - 1; i++) state = afterFailure(state, t0);
    expect(isLocked(state, t0)).toBe(false);
    state = afterFailure(state, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, t0 + 15 * 60_000)).toBe(false);
    const first = state.lockedUntil as number;
    for (let i = 0; i < MAX_FAILURES; i++) state = afterFailure(state, first);
    expect((state.lockedUntil as number) - first).toBe(30 * 60_000);
    expect(afterSuccess()).toEqual({ failedAttempts: 0, lockouts: 0, lockedUntil: undefined });
  });
  it('lockouts stop growing at the cap, however long someone else keeps guessing', () => {
    let state = { failedAttempts: 0, lockouts: 0 } as Parameters<typeof afterFailure>[0];
    let now = 1_000_000;
    const lengths: number[] = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < MAX_FAILURES; i++) state = afterFailure(state, now);
      lengths.push(((state.lockedUntil as number) - now) / 60_000);
      now = state.lockedUntil as number; // guess again the moment the lock ends
    }
    expect(lengths.slice(0, 5)).toEqual([15, 30, 60, 120, 240]);
    expect(Math.max(...lengths)).toBe(MAX_LOCKOUT_MINUTES);
    expect(lengths.slice(5).every((m) => m === MAX_LOCKOUT_MINUTES)).toBe(true);
    expect(state.lockouts).toBeLessThanOrEqual(5);
  });
  it('forgets wrong PINs and lockouts after a quiet period', () => {
    let state = { failedAttempts: 0, lockouts: 0 } as Parameters<typeof afterFailure>[0];
    const t0 = 5_000_000;
    for (let i = 0; i < 3 * MAX_FAILURES; i++) state = afterFailure(state, t0 + i);
    expect(state.lockouts).toBe(3);
    const quietEnd = (state.lockedUntil as number) + QUIET_HOURS * 3_600_000;
    // Just before the quiet period ends, the next lock is longer still; just after, it starts again.
    let early = state;
    for (let i = 0; i < MAX_FAILURES; i++) early = afterFailure(early, quietEnd - 1);
    expect(early.lockouts).toBe(4);
    let late = state;
    late = afterFailure(late, quietEnd);
    expect(late).toMatchObject({ failedAttempts: 1, lockouts: 0 });
    for (let i = 1; i < MAX_FAILURES; i++) late = afterFailure(late, quietEnd);
    expect(((late.lockedUntil as number) - quietEnd) / 60_000).toBe(15);
    // A few wrong PINs (no lock) are forgotten too.
    const some = afterFailure(afterFailure({ failedAttempts: 0, lockouts: 0 }, t0), t0);
    expect(afterFailure(some, t0 + QUIET_HOURS * 3_600_000).failedAttempts).toBe(1);
  });
});

describe('request lifecycle', () => {
  it('allows withdrawal from every open state; a withdrawn request stays closed', () => {
    for (const s of ['new', 'claimed', 'in-progress', 'referred', 'waiting'] as const)
      expect(canTransition(s, 'withdrawn')).toBe(true);
    for (const s of REQUEST_STATUSES) expect(canTransition('withdrawn', s), s).toBe(false);
    expect(canTransition('closed', 'new')).toBe(true);
    expect(canTransition('closed', 'in-progress')).toBe(false);
  });
  it('reopens only what an operator closed', () => {
    expect(reopenRefusal({ status: 'closed' })).toBeUndefined();
    expect(reopenRefusal({ status: 'withdrawn', withdrawnAt: '2026-12-01T00:00:00Z' })).toBe('withdrawn');
    expect(
      reopenRefusal({
        status: 'withdrawn',
        withdrawnAt: '2026-12-01T00:00:00Z',
        dataDeletedAt: '2026-12-01T00:00:00Z',
      }),
    ).toBe('data-deleted');
    // Closed by an operator, then the person deleted their data: stays closed.
    expect(reopenRefusal({ status: 'closed', dataDeletedAt: '2026-12-01T00:00:00Z' })).toBe('data-deleted');
    for (const s of ['new', 'claimed', 'in-progress', 'referred', 'waiting'] as const)
      expect(reopenRefusal({ status: s })).toBe('not-closed');
  });
  it('shows the person a coarse status only', () => {
    expect(publicStatus('new', 0)).toBe('received');
    expect(publicStatus('new', 1)).toBe('tried');
    expect(publicStatus('referred', 2)).toBe('in-progress');
    expect(publicStatus('withdrawn', 0)).toBe('closed');
  });
});

describe('safe contact windows', () => {
  const zones = ['Asia/Bangkok', 'Asia/Yangon', 'Europe/London', 'America/New_York', 'Australia/Adelaide'];
  const windowArb = fc
    .record({
      days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
      from: fc.integer({ min: 0, max: 23 }),
      to: fc.integer({ min: 0, max: 23 }),
    })
    .filter((w) => w.from !== w.to)
    .map(
      (w): SafeWindow => ({
        days: w.days,
        from: `${String(w.from).padStart(2, '0')}:00`,
        to: `${String(w.to).padStart(2, '0')}:00`,
      }),
    );

  it('the next safe instant is never earlier than now and always inside a window', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { minLength: 1, maxLength: 2 }),
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        (windows, tz, now) => {
          const next = nextSafeInstant(windows, tz, now);
          expect(next).toBeGreaterThanOrEqual(now);
          expect(next - now).toBeLessThanOrEqual(8 * 86_400_000);
          expect(openWindowAt(windows, tz, next)).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is open inside a window in the person’s time zone and closed outside it', () => {
    const w: SafeWindow[] = [{ days: ['mo'], from: '18:00', to: '20:00' }];
    const mondayBangkok19 = Date.UTC(2026, 10, 30, 12, 0); // Mon 19:00 in Bangkok
    expect(localFields('Asia/Bangkok', mondayBangkok19).weekday).toBe('mo');
    expect(openWindowAt(w, 'Asia/Bangkok', mondayBangkok19)).toBeDefined();
    expect(openWindowAt(w, 'Asia/Yangon', mondayBangkok19)).toBeDefined(); // 18:30 in Yangon
    expect(openWindowAt(w, 'Europe/London', mondayBangkok19)).toBeUndefined(); // 12:00 in London
    expect(nextSafeInstant(w, 'Asia/Bangkok', mondayBangkok19)).toBe(mondayBangkok19);
  });

  it('keeps wall-clock hours across a daylight-saving change', () => {
    const w: SafeWindow[] = [{ days: ['su'], from: '09:00', to: '10:00' }];
    // London moves to summer time on Sunday 29 March 2026: 09:00 is 08:00 UTC that day.
    const next = nextSafeInstant(w, 'Europe/London', Date.UTC(2026, 2, 28, 12));
    expect(new Date(next).toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('lets a window run past midnight', () => {
    const w: SafeWindow[] = [{ days: ['fr'], from: '22:00', to: '01:00' }];
    const saturday0030 = Date.UTC(2026, 10, 27, 17, 30); // Sat 00:30 in Bangkok
    expect(openWindowAt(w, 'Asia/Bangkok', saturday0030)).toBeDefined();
  });
});

describe('tokens', () => {
  const secret = 'unit-secret-unit-secret-unit-secret!';
  it('action tokens expire and cannot be forged', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const token = issueActionToken(secret, 'K7MH-Q9XD', now);
    expect(verifyActionToken(secret, token, now)).toBe('K7MH-Q9XD');
    expect(verifyActionToken(secret, token, new Date(now.getTime() + 16 * 60_000))).toBeUndefined();
    expect(verifyActionToken(secret, token.replace('K7MH', 'AAAA'), now)).toBeUndefined();
    expect(verifyActionToken('another-secret-another-secret-12345', token, now)).toBeUndefined();
  });
  it('form tokens tell how long ago the form was shown', () => {
    const shown = new Date('2026-11-27T10:00:00Z');
    const token = issueFormToken(secret, shown);
    expect(formAgeMs(secret, token, new Date(shown.getTime() + 5000))).toBe(5000);
    const [, id, mac] = token.split('.');
    expect(formAgeMs(secret, `${shown.getTime() - 60_000}.${id}.${mac}`, shown)).toBeUndefined();
    expect(issueFormToken(secret, shown)).not.toBe(token);
    expect(formAgeMs(secret, token, new Date(shown.getTime() + 25 * 3_600_000))).toBeUndefined();
  });
});

describe('callback form validation', () => {
  const meta = { idempotencyKey: 'abcdefghijklmnop1234', defaultTimeZone: 'Asia/Bangkok' };
  it('requires a way to contact and a plausible number', () => {
    const none = validateDraft(draftFromBody({}), meta, ['contact']);
    expect(none.errors).toMatchObject({ channel: 'channel', handle: 'handle' });
    const bad = validateDraft(draftFromBody({ channel: 'phone', handle: 'call me' }), meta, ['contact']);
    expect(bad.errors).toEqual({ handle: 'phoneFormat' });
    const ok = validateDraft(draftFromBody({ channel: 'phone', handle: '+66 81 234 5678' }), meta, [
      'contact',
    ]);
    expect(ok.errors).toEqual({});
  });
  it('needs consent to send, and reports the first step with a problem', () => {
    const result = validateDraft(draftFromBody({ channel: 'sms' }), meta, [
      'start',
      'contact',
      'when',
      'safety',
      'about',
      'needs',
      'consent',
    ]);
    expect(result.input).toBeUndefined();
    expect(result.firstInvalidStep).toBe('contact');
    expect(result.errors.consent).toBe('consent');
  });
  it('turns the form into a request with safe windows and defaults that protect', () => {
    const result = validateDraft(
      draftFromBody({
        channel: 'line',
        handle: 'myline',
        w1days: ['mo', 'we'],
        w1from: '18:00',
        w1to: '20:00',
        consent: 'yes',
        danger: 'yes',
        country: 'TH',
      }),
      meta,
      ['start', 'contact', 'when', 'consent'],
    );
    expect(result.input).toMatchObject({
      channel: 'line',
      safeWindows: [{ days: ['mo', 'we'], from: '18:00', to: '20:00' }],
      mayLeaveMessage: false,
      mayNameOrganisation: false,
      dangerNow: true,
      operatorGender: 'any',
    });
  });
  it('ignores fields the form does not have', () => {
    const draft = draftFromBody({
      channel: 'sms',
      __proto__: 'x',
      constructor: 'y',
      name: 'Full Name',
    } as never);
    expect(Object.keys(draft)).toEqual(['channel']);
  });
});
