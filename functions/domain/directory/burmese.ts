/**
 * Burmese typed in Zawgyi (a font encoding still common on phones in Myanmar): detection and
 * conversion to Unicode, for search queries and for free text in forms. Apart from text.ts so that
 * a form can store Burmese text without loading the search's normalisation tables.
 */

const MYANMAR = /[\u1000-\u109f]/;
/** Above this probability a text is treated as Zawgyi (the detector's own recommendation). */
const ZAWGYI_SURE = 0.95;
/**
 * At or below this it is treated as Unicode and never changed (short Unicode words can score up to
 * about 0.1; the detector needs a few syllables to be sure).
 */
const UNICODE_SURE = 0.5;

interface ZawgyiTools {
  probability(text: string): number;
  toUnicode(text: string): string;
}
let zawgyiTools: ZawgyiTools | undefined;
let zawgyiLoading: Promise<void> | undefined;

/**
 * Loads Google's Zawgyi detector and converter (`myanmar-tools`, about 60 ms of start-up work), once
 * and only when Burmese text arrives, so the public function's cold start does not pay for it.
 */
export function loadZawgyiTools(): Promise<void> {
  zawgyiLoading ??= import('myanmar-tools').then((mod) => {
    // A CommonJS package: Node puts its exports on `default`, bundlers may not.
    const m = ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
    const detector = new m.ZawgyiDetector();
    const converter = new m.ZawgyiConverter();
    zawgyiTools = {
      probability: (t) => detector.getZawgyiProbability(t),
      toUnicode: (t) => converter.zawgyiToUnicode(t),
    };
  });
  return zawgyiLoading;
}

/** True when a text holds Burmese letters (so the Zawgyi tools are worth loading). */
export function hasMyanmar(text: string): boolean {
  return MYANMAR.test(text);
}

/**
 * Shapes that S'gaw Karen writes in Unicode and Zawgyi Burmese practically never does: the Karen
 * vowel ၢ or tone ၣ before an asat or ending a word (in Zawgyi: a stacked ga or gha before a
 * medial ya, or ending a word), and the
 * tone ၤ after a vowel sign or ending a word (in Zawgyi the kinzi sits on a following letter).
 * The Zawgyi detector, trained on Burmese, reads such Karen text as Zawgyi; it stays as typed.
 */
const KAREN_SHAPES =
  /[\u1062\u1063](?:\u103a|(?=[\s.,;:!?)"'\u104a\u104b]|$))|[\u102b-\u1032\u1036]\u1064|\u1064(?=[\s.,;:!?)"'\u104a\u104b]|$)/u;

export interface BurmeseForms {
  /** The text to use: converted when it was probably Zawgyi, otherwise as typed. */
  text: string;
  /** The original as typed, when it was converted. */
  alternative?: string | undefined;
  /** Zawgyi was detected and the text converted to Unicode. */
  converted: boolean;
  /** Converted, but the detector was not sure (50–95 %): keep the original beside it. */
  uncertain: boolean;
}

/**
 * Reads Burmese text as Unicode. Unicode text is never altered (Zawgyi probability 50 % or less);
 * above that the text is converted and the original kept as the other reading, marked uncertain
 * up to 95 %. Without the tools
 * loaded (call loadZawgyiTools first) the text is returned as typed.
 */
export function burmeseForms(text: string): BurmeseForms {
  if (!MYANMAR.test(text)) return { text, converted: false, uncertain: false };
  if (!zawgyiTools) {
    void loadZawgyiTools();
    return { text, converted: false, uncertain: false };
  }
  const p = zawgyiTools.probability(text);
  if (!(p > UNICODE_SURE)) return { text, converted: false, uncertain: false };
  const unicode = zawgyiTools.toUnicode(text);
  if (unicode === text || KAREN_SHAPES.test(text)) return { text, converted: false, uncertain: false };
  return { text: unicode, alternative: text, converted: true, uncertain: !(p > ZAWGYI_SURE) };
}

/** Myanmar-script letters a syllable starts with (consonants, independent vowels, Shan, Karen, Mon letters). */
const MYANMAR_BASE =
  '\u1000-\u102a\u103f-\u1055\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070\u1075-\u1081\u108e\u1090-\u1099';
/** Signs that follow their letter in Unicode (vowel signs, medials, asat, tones, stacking). */
const MYANMAR_SIGN =
  '\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d';
/**
 * A sign with no letter before it: at the start, after a space or punctuation. Zawgyi types the
 * vowel ေ and the medial ြ before their consonant (ေဆး, ျမန္မာ), which Unicode never does.
 */
const SIGN_WITHOUT_LETTER = new RegExp(`(?:^|[^${MYANMAR_BASE}${MYANMAR_SIGN}])[${MYANMAR_SIGN}]`, 'u');
/** Unicode puts ေ after the letter and its medials; right after an asat or a stacking sign it is Zawgyi order. */
const E_AFTER_KILLER = /[\u1039\u103a]\u1031/u;

/** The text follows Unicode's order of letters and signs (no sign opens a syllable). */
export function readsAsUnicode(text: string): boolean {
  return !SIGN_WITHOUT_LETTER.test(text) && !E_AFTER_KILLER.test(text);
}

/**
 * Free text from a form, stored as Unicode. Surely-Zawgyi text is converted; when the detector is
 * unsure the conversion is stored and the original kept beside it (`original`).
 */
export function freeTextAsUnicode(text: string): { text: string; original?: string } {
  const forms = burmeseForms(text);
  if (!forms.converted) return { text };
  // Unsure, and every sign follows its letter as Unicode orders them: short Unicode words such as
  // ဗီယက်နမ် ("Vietnamese", 0.8) would be stored garbled. What the person typed is kept as typed.
  // (A search still tries both readings: a misread query costs a result, a misread message costs
  // what the person said.)
  if (forms.uncertain && readsAsUnicode(text)) return { text };
  return forms.uncertain ? { text: forms.text, original: text } : { text: forms.text };
}
