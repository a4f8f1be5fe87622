/**
 * People type numbers with the digits of their own keyboard: Thai ๐๘๑, Lao ໐໘໑, Burmese ၀၉၇,
 * Shan ႐႑, Khmer ០៨១, Arabic-Indic ٠٨١, Devanagari ०८१, full-width ０８１ (Chinese and Japanese
 * keyboards) and the rest. Phone numbers, PINs and reference codes are stored and compared in ASCII,
 * so every way into the system runs the typed text through this one module.
 */

const DIGIT = /\p{Nd}/u;
const zeroOf = new Map<number, number>();

/**
 * The code point of the zero of a decimal digit's block. Unicode assigns decimal digits only in
 * whole runs 0-9 (a stability policy), and where runs touch they follow each other in blocks of
 * ten, so the distance from the start of the unbroken run, modulo ten, is the digit's value.
 */
function zeroFor(code: number): number {
  const known = zeroOf.get(code);
  if (known !== undefined) return known;
  let start = code;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
  const zero = code - ((code - start) % 10);
  zeroOf.set(code, zero);
  return zero;
}

/** Every Unicode decimal digit (any script, full-width too) becomes its ASCII digit 0-9; nothing else changes. */
export function asciiDigits(input: string): string {
  return input.replace(/\p{Nd}/gu, (d) => {
    const code = d.codePointAt(0) as number;
    if (code >= 0x30 && code <= 0x39) return d;
    return String(code - zeroFor(code));
  });
}

/**
 * Full-width forms of ASCII (U+FF01–U+FF5E: ＋（）－ＡＢＣ…) and the ideographic space become plain
 * ASCII, and every digit becomes ASCII: for short text that is read by machines or dialled, such
 * as a phone number, a messenger user name or a reference code; not for messages a person wrote.
 */
export function asciiForms(input: string): string {
  return asciiDigits(
    input
      .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode((ch.charCodeAt(0) as number) - 0xfee0))
      .replace(/\u3000/g, ' '),
  );
}
