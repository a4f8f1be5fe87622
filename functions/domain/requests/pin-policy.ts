/**
 * Guessing protection for code + PIN look-ups. After MAX_FAILURES wrong PINs in a row the code is
 * locked, and even the right PIN is refused until the lockout ends. Each further lockout is longer.
 */
export const MAX_FAILURES = 5;
export const BASE_LOCKOUT_MINUTES = 15;
export const MAX_LOCKOUT_MINUTES = 24 * 60;

export interface PinAttemptState {
  failedAttempts: number;
  lockouts: number;
  /** Epoch milliseconds; undefined when not locked. */
  lockedUntil?: number | undefined;
}

export function isLocked(state: PinAttemptState, now: number): boolean {
  return state.lockedUntil !== undefined && now < state.lockedUntil;
}

/** The state after a wrong PIN. */
export function afterFailure(state: PinAttemptState, now: number): PinAttemptState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < MAX_FAILURES) return { ...state, failedAttempts };
  const lockouts = state.lockouts + 1;
  const minutes = Math.min(MAX_LOCKOUT_MINUTES, BASE_LOCKOUT_MINUTES * 2 ** (lockouts - 1));
  return { failedAttempts: 0, lockouts, lockedUntil: now + minutes * 60_000 };
}

/** The state after the right PIN (outside a lockout). */
export function afterSuccess(): PinAttemptState {
  return { failedAttempts: 0, lockouts: 0, lockedUntil: undefined };
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
