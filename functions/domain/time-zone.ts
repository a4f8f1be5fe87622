/**
 * Whether a name is an IANA time zone this runtime knows. Intl's list first (~1 ms); only a name not
 * in it builds a formatter, which loads ICU's calendar data (a cold-start cost) and also accepts the
 * aliases the list leaves out (Asia/Saigon).
 */
export function isTimeZone(name: string): boolean {
  if (Intl.supportedValuesOf('timeZone').includes(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
