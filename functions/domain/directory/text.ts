/**
 * Text normalisation and word segmentation for search in every supported language: the one place
 * where spelling variants are folded, for listings and queries alike (see docs/search.md).
 * Thai, Lao, Khmer and Burmese are written without spaces between words; Intl.Segmenter (ICU
 * dictionaries) splits them into words, the same way for the listing and for the query.
 */
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';

/** Created on first use: loading ICU's word dictionaries is a noticeable part of a cold start. */
let segmenter: Intl.Segmenter | undefined;

/**
 * Bumped whenever normalize() changes, so words stored with a listing by an older version are
 * folded again when the index is built (see search.ts).
 */
export const WORDS_VERSION = 2;

/** Zero-width and invisible characters that phones and copy-paste leave inside words. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Decimal digits of every script we serve (Thai, Lao, Khmer, Myanmar, Shan, full-width), as 0-9. */
const DIGIT_BLOCKS = [0x0e50, 0x0ed0, 0x17e0, 0x1040, 0x1090, 0xff10] as const;
const LOCAL_DIGIT = /[\u0e50-\u0e59\u0ed0-\u0ed9\u17e0-\u17e9\u1040-\u1049\u1090-\u1099\uff10-\uff19]/g;

function asciiDigit(ch: string): string {
  const code = ch.charCodeAt(0);
  for (const zero of DIGIT_BLOCKS) if (code >= zero && code <= zero + 9) return String(code - zero);
  return ch;
}

/**
 * Spelling variants of the same word, folded to the form the directory uses:
 * - Thai SARA AM typed as NIKHAHIT + SARA AA (ํา → ำ), also with a tone mark in between;
 * - Lao AM typed as NIGGAHITA + AA (ໍາ → ຳ); the old digraphs ຫມ, ຫນ, ຫລ → ໝ, ໜ, ຫຼ;
 * - Khmer subscript DA and TA, written interchangeably (្ដ → ្ត);
 * - Burmese DOT BELOW typed after ASAT (့် → ့်), and the digit zero typed for the letter WA
 *   between letters (ဆရာ၀န် → ဆရာဝန်).
 */
function foldScripts(text: string): string {
  return text
    .replace(/\u0e4d([\u0e48-\u0e4b]?)\u0e32/g, '$1\u0e33')
    .replace(/([\u0e48-\u0e4b])\u0e4d\u0e32/g, '$1\u0e33')
    .replace(/\u0ecd([\u0ec8-\u0ecb]?)\u0eb2/g, '$1\u0eb3')
    .replace(/\u0eab\u0ea1/g, '\u0edd')
    .replace(/\u0eab\u0e99/g, '\u0edc')
    .replace(/\u0eab\u0ea5/g, '\u0eab\u0ebc')
    .replace(/\u17d2\u178a/g, '\u17d2\u178f')
    .replace(/\u103a\u1037/g, '\u1037\u103a');
}

/** The Myanmar digit zero (၀) typed for the letter WA (ဝ): next to letters it is the letter. */
const MYANMAR_ZERO_FOR_WA = /(?<=[\u1000-\u103f])\u1040|\u1040(?=[\u102b-\u103e])/g;

let tradToSimp: Map<string, string> | undefined;

/** Traditional Chinese characters → simplified (OpenCC's character table, first choice). */
function simplified(text: string): string {
  if (!tradToSimp) {
    tradToSimp = new Map();
    for (const pair of TS_CHARACTERS.split('|')) {
      const [from, to] = pair.split(' ');
      if (from && to && from !== to) tradToSimp.set(from, to);
    }
  }
  let out = '';
  for (const ch of text) out += tradToSimp.get(ch) ?? ch;
  return out;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/**
 * Lower-cases, folds full-width Latin letters and every script's digits, removes Latin diacritics
 * (Vietnamese "bác sĩ" matches "bac si"), invisible characters, and the spelling variants above;
 * traditional Chinese becomes simplified. Only combining marks of the Latin block (U+0300–U+036F)
 * are removed: the vowel signs of Thai, Lao, Khmer and Burmese are marks too and carry meaning.
 * No compatibility normalisation (NFKD/NFKC): it would split Thai SARA AM (ำ) and Lao AM (ຳ).
 */
export function normalize(text: string): string {
  const folded = foldScripts(
    text
      .replace(INVISIBLE, '')
      .replace(MYANMAR_ZERO_FOR_WA, '\u101d')
      .replace(LOCAL_DIGIT, asciiDigit)
      .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .normalize('NFC'),
  );
  return HAN.test(folded) ? simplified(folded) : folded;
}

/** Words of a text, normalised; punctuation and spaces dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
  for (const part of segmenter.segment(normalize(text))) {
    if (part.isWordLike) out.push(part.segment);
  }
  return out;
}

/** True for scripts written without spaces, where a query may not align with word boundaries. */
export function isUnspacedScript(text: string): boolean {
  return /[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f\u4e00-\u9fff\u3400-\u4dbf]/.test(text);
}

/** True for Han characters, where two characters already make a word. */
export function isHan(text: string): boolean {
  return HAN.test(text);
}

/** True for text written in Latin letters (and digits), where typos can be corrected. */
export function isLatinWord(word: string): boolean {
  return /^[a-z0-9]+$/.test(word);
}

/** Text with all whitespace removed, for substring matching in unspaced scripts. */
export function compact(text: string): string {
  return normalize(text).replace(/\s+/g, '');
}
