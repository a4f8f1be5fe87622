import type { Locale } from './locales.js';

/**
 * Words that must never appear where someone else could see them: page titles (tabs, history),
 * URL paths, meta tags, the web app manifest and visible headings (P2 in the product doc; seed 002
 * "Assistance is identifying"). Body text may describe exploitation sparingly and neutrally.
 *
 * Each list is a set of fragments matched case-insensitively anywhere in the text (so "traffick"
 * catches "trafficking" and "trafficked"). Scripts written without spaces (Thai, Lao, Khmer,
 * Burmese, Chinese) need fragment matching anyway. A page is checked against every language's
 * list, because a title in one language can carry a word of another (a service name, a law).
 *
 * To add a word: put the shortest fragment that is still specific (avoid fragments that occur in
 * ordinary words), then run `npx vitest run tests/unit/discretion.test.ts`.
 */
export const REVEALING_WORDS: Record<Locale, readonly string[]> = {
  en: ['traffick', 'victim', 'exploit', 'slave', 'forced labo', 'prostitut', 'sex work', 'smuggl'],
  th: [
    'ค้ามนุษย์',
    'เหยื่อ',
    'ผู้เสียหาย',
    'แสวงประโยชน์',
    'แสวงหาประโยชน์',
    'แรงงานบังคับ',
    'ค้าประเวณี',
    'ขายบริการทางเพศ',
  ],
  my: ['လူကုန်ကူး', 'ကုန်ကူးခံ', 'သားကောင်', 'အမြတ်ထုတ်', 'ခေါင်းပုံဖြတ်', 'အဓမ္မလုပ်', 'ပြည့်တန်ဆာ'],
  km: ['ជួញដូរមនុស្ស', 'ជនរងគ្រោះ', 'កេងប្រវ័ញ្ច', 'ពលកម្មដោយបង្ខំ', 'ពលកម្មបង្ខំ', 'ពេស្យាចារ', 'រកស៊ីផ្លូវភេទ'],
  lo: ['ຄ້າມະນຸດ', 'ຜູ້ເຄາະຮ້າຍ', 'ເຫຍື່ອ', 'ຂູດຮີດ', 'ແຮງງານບັງຄັບ', 'ຄ້າປະເວນີ'],
  vi: [
    'buôn bán người',
    'mua bán người',
    'buôn người',
    'nạn nhân',
    'bóc lột',
    'lao động cưỡng bức',
    'mại dâm',
  ],
  'zh-Hans': ['拐卖', '贩卖人口', '人口贩卖', '贩运', '受害者', '受害人', '剥削', '强迫劳动', '卖淫'],
  id: [
    'perdagangan orang',
    'perdagangan manusia',
    'tppo',
    'korban',
    'eksploitasi',
    'kerja paksa',
    'pelacuran',
    'prostitusi',
    'perbudakan',
  ],
  // Shan and S'gaw Karen: drafts for native review (docs/translations.md); pages in these
  // languages are checked against the Burmese list too, like every page against every list.
  shn: ['ၶၢႆၶူၼ်း', 'ၶၢႆတူဝ်', 'ၵူၼ်းထုၵ်ႇႁႄႉ'],
  ksw: ['ဆါပှၤ', 'ဆါလီၤအနီၢ်', 'တၢ်မၤဆူၣ်မၤစိၤ'],
};

export interface RevealingMatch {
  locale: Locale;
  word: string;
}

function normalize(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Every revealing word (of any language) found in the text; empty when the text is neutral. */
export function findRevealingWords(
  text: string,
  words: Record<Locale, readonly string[]> = REVEALING_WORDS,
): RevealingMatch[] {
  const haystack = normalize(text);
  const found: RevealingMatch[] = [];
  for (const [locale, list] of Object.entries(words) as [Locale, readonly string[]][]) {
    for (const word of list) {
      if (haystack.includes(normalize(word))) found.push({ locale, word });
    }
  }
  return found;
}
