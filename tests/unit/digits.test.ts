import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiDigits, asciiForms } from '../../functions/domain/digits.js';
import { normalizeReferenceCode } from '../../functions/domain/requests/reference-code.js';
import { ContactSchema } from '../../functions/domain/requests/request.js';

/** The zero of each digit system the portal's people may type with. */
const ZEROS = {
  thai: 0x0e50,
  lao: 0x0ed0,
  burmese: 0x1040,
  shan: 0x1090,
  khmer: 0x17e0,
  arabicIndic: 0x0660,
  extendedArabicIndic: 0x06f0,
  devanagari: 0x0966,
  bengali: 0x09e6,
  fullWidth: 0xff10,
  mathBold: 0x1d7ce,
  mathMonospace: 0x1d7f6,
} as const;

const inScript = (zero: number, ascii: string) =>
  [...ascii].map((d) => String.fromCodePoint(zero + Number(d))).join('');

describe('asciiDigits', () => {
  it('reads every digit of every system the locales use as 0-9', () => {
    for (const [name, zero] of Object.entries(ZEROS)) {
      expect(asciiDigits(inScript(zero, '0123456789')), name).toBe('0123456789');
    }
  });

  it('turns the phone numbers people type on Burmese and Thai keyboards into ASCII', () => {
    expect(asciiDigits('၀၉၇၈၁၂၃၄၅၆')).toBe('0978123456');
    expect(asciiDigits('๐๘๑๒๓๔๕๖๗๘')).toBe('0812345678');
    expect(asciiDigits('០១២ ៣៤៥ ៦៧៨')).toBe('012 345 678');
    expect(asciiDigits('໐໒໐ ໕໕໕ ໑໒໓໔')).toBe('020 555 1234');
  });

  it('leaves everything that is not a digit alone and is idempotent (property)', () => {
    const zero = fc.constantFrom(...Object.values(ZEROS));
    const piece = fc.oneof(
      fc.tuple(zero, fc.integer({ min: 0, max: 9 })).map(([z, d]) => String.fromCodePoint(z + d)),
      fc.string({ maxLength: 3, unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const input = pieces.join('');
        const out = asciiDigits(input);
        expect(asciiDigits(out)).toBe(out);
        // No digit outside ASCII remains, and only digits changed.
        expect(/\p{Nd}/u.test(out.replace(/[0-9]/g, ''))).toBe(false);
        expect(out.replace(/[0-9]/g, '')).toBe(input.replace(/\p{Nd}/gu, ''));
        expect([...out].length).toBe([...input].length);
      }),
    );
  });

  it('maps a digit string in any system back to the same ASCII digits (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(ZEROS)),
        fc.stringMatching(/^[0-9]{1,15}$/),
        (zero, ascii) => {
          expect(asciiDigits(inScript(zero, ascii))).toBe(ascii);
        },
      ),
    );
  });
});

describe('asciiForms', () => {
  it('folds full-width plus, brackets, dashes, letters and the ideographic space', () => {
    expect(asciiForms('＋６６（８１）２３４－５６７８')).toBe('+66(81)234-5678');
    expect(asciiForms('ｓｏｍｃｈａｉ　８')).toBe('somchai 8');
  });
});

describe('digits in phone handles, reference codes and PINs', () => {
  it('accepts a phone number in Burmese or Thai digits and keeps it in ASCII', () => {
    for (const [typed, stored] of [
      ['၀၉၇၈၁၂၃၄၅၆', '0978123456'],
      ['๐๘๑๒๓๔๕๖๗๘', '0812345678'],
      ['＋６６ ８１ ２３４ ５６７８', '+66 81 234 5678'],
    ] as const) {
      const parsed = ContactSchema.safeParse({ channel: 'phone', handle: typed });
      expect(parsed.success, typed).toBe(true);
      expect(parsed.data?.handle).toBe(stored);
    }
  });

  it('still refuses a handle that is not a phone number for a phone channel', () => {
    const parsed = ContactSchema.safeParse({ channel: 'sms', handle: 'ก ข ค ง' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('phone-format');
  });

  it('reads a reference code typed with local or full-width digits and letters', () => {
    // K7MH-Q9XD: the digits 7 and 9 typed in Thai and Burmese, the letters full-width.
    expect(normalizeReferenceCode('k๗mh-q၉xd')).toBe('K7MH-Q9XD');
    expect(normalizeReferenceCode('ＫＭ７Ｈ　Ｑ９ＸＤ')).toBe('KM7H-Q9XD');
  });
});
