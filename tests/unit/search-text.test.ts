import { beforeAll, describe, expect, it } from 'vitest';
import {
  burmeseForms,
  freeTextAsUnicode,
  loadZawgyiTools,
  readsAsUnicode,
} from '../../functions/domain/directory/burmese.js';
import { normalize } from '../../functions/domain/directory/text.js';
import { demoDirectoryRecords } from '../../functions/local/demo/index.js';
import { sampleDirectoryIndex } from '../bench/relevance.js';

const index = sampleDirectoryIndex();
const ids = (text: string, locale: 'my' | 'km' | 'lo' | 'th' | 'zh-Hans' | 'en' = 'en') =>
  index.search({ text, locale, pageSize: 100 }).hits.map((h) => h.service.id);

beforeAll(async () => {
  await loadZawgyiTools();
});

/** Fifteen everyday Burmese queries, each in Unicode and as a Zawgyi phone types it. */
const BURMESE: [unicode: string, zawgyi: string][] = [
  ['ဆေးခန်း', 'ေဆးခန္း'], // clinic
  ['ဆရာဝန်', 'ဆရာဝန္'], // doctor
  ['နေစရာ', 'ေနစရာ'], // somewhere to stay
  ['ရှေ့နေ', 'ေရ႔ွေန'], // lawyer
  ['အလုပ်ရှာနေတယ်', 'အလုပ္ရွာေနတယ္'], // looking for work
  ['ဆရာဝန်ပြချင်တယ်', 'ဆရာဝန္ျပခ်င္တယ္'], // want to see a doctor
  ['မှတ်ပုံတင်', 'မွတ္ပံုတင္'], // ID card
  ['သင်တန်း', 'သင္တန္း'], // training course
  ['ကျောင်း', 'ေက်ာင္း'], // school
  ['ကလေး', 'ကေလး'], // child
  ['လုပ်ခ', 'လုပ္ခ'], // wages
  ['အိမ်ပြန်ချင်တယ်', 'အိမ္ျပန္ခ်င္တယ္'], // want to go home
  ['သံရုံး', 'သံ႐ံုး'], // embassy
  ['ကိုယ်ဝန်', 'ကိုယ္ဝန္'], // pregnant
  ['ဥပဒေ', 'ဥပေဒ'], // law
];

describe('Burmese typed in Zawgyi', () => {
  it.each(BURMESE)('"%s" finds the same services typed in Zawgyi', (unicode, zawgyi) => {
    const found = ids(unicode, 'my');
    expect(found.length).toBeGreaterThan(0);
    // A query that matched (nearly) everything would prove nothing.
    expect(found.length).toBeLessThan(index.size * 0.75);
    expect(ids(zawgyi, 'my')).toEqual(found);
  });

  it('never alters Unicode Burmese: every Burmese text of the sample directory and the queries', () => {
    const texts = [
      ...BURMESE.map(([u]) => u),
      ...demoDirectoryRecords().flatMap((r) =>
        (r.services ?? []).flatMap((s) => [s.name.my, s.description?.my]).filter((t): t is string => !!t),
      ),
    ];
    expect(texts.length).toBeGreaterThan(60);
    for (const text of texts) {
      expect(burmeseForms(text).text).toBe(text);
      expect(freeTextAsUnicode(text)).toEqual({ text });
    }
  });

  it('stores short Unicode words the detector is unsure about as typed (ဗီယက်နမ် scores 0.8)', () => {
    for (const text of ['ဗီယက်နမ်စကား', 'ဗီယက်နမ်', 'ကျွန်တော် ဗီယက်နမ်စကား ပြောတယ်'])
      expect(freeTextAsUnicode(text)).toEqual({ text });
    // The same word typed in Zawgyi order (a sign before its letter) is still converted.
    expect(readsAsUnicode('ေဆးခန္း')).toBe(false);
    expect(readsAsUnicode('ျမန္မာ')).toBe(false);
    expect(readsAsUnicode('ဗီယက်နမ်စကား')).toBe(true);
  });

  it('stores free text as Unicode, converting sure Zawgyi', () => {
    expect(freeTextAsUnicode('ေဆးခန္းသြားခ်င္တယ္')).toEqual({ text: 'ဆေးခန်းသွားချင်တယ်' });
    expect(freeTextAsUnicode('hello')).toEqual({ text: 'hello' });
  });
});

describe('spelling variants find the same services', () => {
  const PAIRS: [string, string, 'km' | 'lo' | 'th' | 'zh-Hans' | 'en' | 'my'][] = [
    ['ម្ដាយ', 'ម្តាយ', 'km'], // mother: coeng-da / coeng-ta
    ['ស្ដ្រី', 'ស្ត្រី', 'km'], // woman
    ['បណ្ដុះបណ្ដាល', 'បណ្តុះបណ្តាល', 'km'], // training
    ['ຫມໍ', 'ໝໍ', 'lo'], // doctor
    ['ຫນັງສືຜ່ານແດນ', 'ໜັງສືຜ່ານແດນ', 'lo'], // passport
    ['ຊ່ວຍເຫລືອ', 'ຊ່ວຍເຫຼືອ', 'lo'], // help
    ['ຄໍາປຶກສາ', 'ຄຳປຶກສາ', 'lo'], // counselling
    ['คําปรึกษา', 'คำปรึกษา', 'th'], // counselling
    ['ทํางาน', 'ทำงาน', 'th'], // work
    ['醫生', '医生', 'zh-Hans'], // doctor
    ['律師', '律师', 'zh-Hans'], // lawyer
    ['護照', '护照', 'zh-Hans'], // passport
    ['\u200bที่พัก\u200b', 'ที่พัก', 'th'], // zero-width spaces pasted in
    ['ｄｏｃｔｏｒ', 'doctor', 'en'], // full-width letters
    ['ဆရာ၀န်', 'ဆရာဝန်', 'my'], // the digit zero typed for the letter wa
  ];
  it.each(PAIRS)('"%s" = "%s"', (variant, standard, locale) => {
    const found = ids(standard, locale);
    expect(found.length).toBeGreaterThan(0);
    expect(ids(variant, locale)).toEqual(found);
  });

  it('reads the digits of every locale as 0-9', () => {
    expect(normalize('๒๔ ໒໔ ២៤ ၂၄ ２４')).toBe('24 24 24 24 24');
  });
});

describe('ranking', () => {
  it('corrects typos in longer Latin words and says so', () => {
    for (const [typo, fixed] of [
      ['lawer', 'lawyer'],
      ['docter', 'doctor'],
      ['pengacra', 'pengacara'],
      ['doktor', 'doctor|dokter'],
    ] as const) {
      const result = index.search({ text: typo });
      expect(result.total).toBeGreaterThan(0);
      expect(fixed.split('|')).toContain(result.suggestion);
    }
    expect(index.search({ text: 'lawyer' }).suggestion).toBeUndefined();
  });

  it('puts shelters first for "free place to stay" in every language', () => {
    const shelters = new Set(
      index.snapshot.services.filter((s) => s.areas.includes('housing')).map((s) => s.id),
    );
    for (const [text, locale] of [
      ['free place to stay', 'en'],
      ['ที่พักฟรี', 'th'],
      ['chỗ ở miễn phí', 'vi'],
      ['tempat tinggal gratis', 'id'],
    ] as const) {
      const top = index.search({ text, locale }).hits[0]?.service.id;
      expect(shelters.has(top ?? ''), `${text} → ${top}`).toBe(true);
    }
  });

  it("puts the reader's country first, and the chosen place before it", () => {
    expect(index.search({ text: 'ที่พัก', locale: 'th' }).hits[0]?.service.servesPlaces[0]).toMatch(/^TH/);
    expect(index.search({ text: 'ທີ່ພັກ', locale: 'lo' }).hits[0]?.service.servesPlaces[0]).toMatch(/^LA/);
    const chosen = index.search({ text: 'shelter', locale: 'th', place: 'KH' }).hits;
    expect(chosen.length).toBeGreaterThan(0);
    for (const hit of chosen) expect(hit.service.servesPlaces.some((p) => p.startsWith('KH'))).toBe(true);
  });

  it('does not let one letter of an unspaced script match everything', () => {
    expect(ids('ก', 'th').length).toBeLessThan(index.size / 4);
  });
});

describe('free text in the callback request', () => {
  it('is stored as Unicode when typed in Zawgyi, and Unicode is kept as typed', async () => {
    const { NeedsSchema } = await import('../../functions/domain/requests/request.js');
    const message = NeedsSchema.shape.message;
    expect(message.parse('ေဆးခန္းသြားခ်င္တယ္')).toBe('ဆေးခန်းသွားချင်တယ်');
    expect(message.parse('ဆေးခန်းသွားချင်တယ်')).toBe('ဆေးခန်းသွားချင်တယ်');
    expect(message.parse('  ')).toBeUndefined();
  });
});
