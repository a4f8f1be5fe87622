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

/**
 * Words that say what a service is for: shelter, safe house, refuge, protection, rescue. They are
 * fine on the page (a service page has to say what the service offers) but never in a page title
 * (tab, history, bookmarks), a page address, a redirect, a meta tag or the manifest, which is
 * where ADDRESS_WORDS (these and REVEALING_WORDS) are checked (tests/unit/discretion.test.ts).
 * Same rule as above: the shortest fragment that is still specific.
 */
export const SERVICE_WORDS: Record<Locale, readonly string[]> = {
  en: ['shelter', 'safe house', 'safehouse', 'refuge', 'protection', 'rescue'],
  th: ['ที่พักพิง', 'บ้านพักฉุกเฉิน', 'บ้านพักปลอดภัย', 'บ้านปลอดภัย', 'สถานคุ้มครอง', 'การคุ้มครอง', 'ช่วยชีวิต'],
  my: ['ခိုလှုံ', 'လုံခြုံရေးအိမ်', 'ဘေးကင်းရာ', 'ကာကွယ်စောင့်ရှောက်', 'ကယ်ဆယ်'],
  km: ['ជម្រក', 'ផ្ទះសុវត្ថិភាព', 'កិច្ចការពារ', 'ការជួយសង្គ្រោះ'],
  lo: ['ທີ່ພັກພິງ', 'ເຮືອນປອດໄພ', 'ການປົກປ້ອງ', 'ກູ້ໄພ'],
  vi: ['nhà tạm lánh', 'nơi tạm lánh', 'nơi trú ẩn', 'nhà an toàn', 'mái ấm', 'bảo vệ', 'giải cứu'],
  'zh-Hans': ['庇护', '收容', '安全屋', '避难', '保护', '解救'],
  id: ['rumah aman', 'penampungan', 'rumah singgah', 'perlindungan', 'penyelamatan'],
  // Shan and S'gaw Karen: drafts for native review (safe place / safe house, protection).
  shn: ['တီႈလွတ်ႈၽေး', 'ႁိူၼ်းလွတ်ႈၽေး', 'ၵၢၼ်ၵႅတ်ႇၶႄ'],
  ksw: ['ဟံၣ်ပူၤဖျဲး', 'လီၢ်ပူၤဖျဲး', 'တၢ်ဒီသဒေ'],
};

/** Every word that may appear in no title, address, redirect, meta tag or manifest. */
export const ADDRESS_WORDS: Record<Locale, readonly string[]> = { ...REVEALING_WORDS };
for (const locale of Object.keys(SERVICE_WORDS) as Locale[])
  ADDRESS_WORDS[locale] = [...REVEALING_WORDS[locale], ...SERVICE_WORDS[locale]];

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
