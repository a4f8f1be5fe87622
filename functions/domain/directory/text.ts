/**
 * Text normalisation and word segmentation for search in every supported language.
 * Thai, Lao, Khmer and Burmese are written without spaces between words; Intl.Segmenter (ICU
 * dictionaries) splits them into words, the same way for the listing and for the query.
 */

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Lower-cases, folds full-width Latin letters and digits, and removes Latin diacritics
 * (Vietnamese "bác sĩ" matches "bac si"). Only combining marks of the Latin block (U+0300–U+036F)
 * are removed: the vowel signs of Thai, Lao, Khmer and Burmese are marks too and carry meaning.
 * No compatibility normalisation (NFKD/NFKC): it would split Thai SARA AM (ำ) and Lao AM (ຳ).
 */
export function normalize(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** Words of a text, normalised; punctuation and spaces dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(normalize(text))) {
    if (part.isWordLike) out.push(part.segment);
  }
  return out;
}

/** True for scripts written without spaces, where a query may not align with word boundaries. */
export function isUnspacedScript(text: string): boolean {
  return /[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f\u4e00-\u9fff\u3400-\u4dbf]/.test(text);
}

/** Text with all whitespace removed, for substring matching in unspaced scripts. */
export function compact(text: string): string {
  return normalize(text).replace(/\s+/g, '');
}

export async function loadZawgyiTools(): Promise<void> {}
