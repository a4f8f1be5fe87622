import { asciiForms } from '../digits.js';

/**
 * Reference codes people write down or read out: 8 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), shown as two groups, e.g. "K7MH-Q9XD".
 * 25^8 ≈ 1.5e11 codes: guessing one is hopeless within the rate limits and the PIN lockout.
 */
export const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const CODE_LENGTH = 8;

/**
 * Makes a code from a source of crypto-strength random bytes. Bytes of 250 and above are skipped so
 * every symbol is equally likely (250 = 10 × 25).
 */
export function generateReferenceCode(randomBytes: (n: number) => Uint8Array): string {
  let out = '';
  while (out.length < CODE_LENGTH) {
    for (const byte of randomBytes(16)) {
      if (byte >= 250) continue;
      out += CODE_ALPHABET[byte % CODE_ALPHABET.length];
      if (out.length === CODE_LENGTH) break;
    }
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/**
 * Reads a code as a person might type it: lower case, spaces, missing or extra dashes, and the
 * look-alike letters we never issue mapped to the ones we do, digits of any script and full-width
 * letters as ASCII.
 */
export function normalizeReferenceCode(input: string): string | undefined {
  const cleaned = asciiForms(input)
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_LENGTH) return undefined;
  if (![...cleaned].every((ch) => CODE_ALPHABET.includes(ch))) return undefined;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4)}`;
}
