/**
 * Guessing protection for code + PIN look-ups. After MAX_FAILURES wrong PINs in a row the code is
 * locked, and even the right PIN is refused until the lockout ends. Each further lockout is longer,
 * up to MAX_LOCKOUT_MINUTES (15, 30, 60, 120, 240, 240 …): someone else's guesses can keep the owner
 * out for at most that long at a time. After QUIET_HOURS without a wrong PIN (counted from the end
 * of the last lockout) the counters start again from zero, so old guesses do not lengthen new locks.
 * The trade-off (docs/reliability.md): a patient guesser gets at most 5 tries per 4 hours per code.
 */
export const MAX_FAILURES = 5;
export const BASE_LOCKOUT_MINUTES = 15;
export const MAX_LOCKOUT_MINUTES = 4 * 60;
export const QUIET_HOURS = 24;
/** Lockouts after which the lockout no longer grows. */
const MAX_LOCKOUT_STEPS = Math.ceil(Math.log2(MAX_LOCKOUT_MINUTES / BASE_LOCKOUT_MINUTES)) + 1;

export interface PinAttemptState {
  failedAttempts: number;
  lockouts: number;
  /** Epoch milliseconds; undefined when not locked. */
  lockedUntil?: number | undefined;
  /** Epoch milliseconds of the last wrong PIN; undefined when none is remembered. */
  lastFailedAt?: number | undefined;
}

/** The counters as they stand at `now`: forgotten after a quiet period with no wrong PIN. */
export function decayed(state: PinAttemptState, now: number): PinAttemptState {
  if (isLocked(state, now)) return state;
  const last = Math.max(state.lastFailedAt ?? 0, state.lockedUntil ?? 0);
  if (last === 0 || now - last < QUIET_HOURS * 3_600_000) return state;
  return { failedAttempts: 0, lockouts: 0, lockedUntil: undefined, lastFailedAt: undefined };
}

export function isLocked(state: PinAttemptState, now: number): boolean {
  return state.lockedUntil !== undefined && now < state.lockedUntil;
}

/** The state after a wrong PIN. */
export function afterFailure(previous: PinAttemptState, now: number): PinAttemptState {
  const state = decayed(previous, now);
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < MAX_FAILURES) return { ...state, failedAttempts, lastFailedAt: now };
  // The count of lockouts stops where the length stops growing, so it cannot grow without end.
  const lockouts = Math.min(state.lockouts + 1, MAX_LOCKOUT_STEPS);
  const minutes = Math.min(MAX_LOCKOUT_MINUTES, BASE_LOCKOUT_MINUTES * 2 ** (lockouts - 1));
  return { failedAttempts: 0, lockouts, lockedUntil: now + minutes * 60_000, lastFailedAt: now };
}

/** The state after the right PIN (outside a lockout). */
export function afterSuccess(): PinAttemptState {
  return { failedAttempts: 0, lockouts: 0, lockedUntil: undefined, lastFailedAt: undefined };
}

/** A PIN is 4 to 8 digits; the same digit repeated or a plain run (1234) is too easy to guess. */
export function pinProblem(pin: string): 'format' | 'too-simple' | undefined {
  if (!/^\d{4,8}$/.test(pin)) return 'format';
  if (/^(\d)\1+$/.test(pin)) return 'too-simple';
  const digits = [...pin].map(Number);
  const step = (digits[1] as number) - (digits[0] as number);
  if (
    (step === 1 || step === -1) &&
    digits.every((d, i) => i === 0 || d - (digits[i - 1] as number) === step)
  )
    return 'too-simple';
  return undefined;
}
