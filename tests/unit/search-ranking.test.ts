import { beforeAll, describe, expect, it } from 'vitest';
import { type Service, ServiceSchema } from '../../functions/domain/directory/model.js';
import { DirectoryIndex, splitWord } from '../../functions/domain/directory/search.js';
import { loadZawgyiTools } from '../../functions/domain/directory/burmese.js';
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { referenceData } from '../../functions/reference/index.js';
import { sampleDirectoryIndex } from '../bench/relevance.js';

/**
 * The ranking rules of docs/search.md, each on a directory of a few listings written for it, so a
 * failure names the rule that broke. Names are chosen so that name order (the last tie-break)
 * would give the opposite answer.
 */
type Spec = {
  id: string;
  name: string;
  description?: string;
  areas: Service['areas'];
  subtypes?: string[];
  places: string[];
  groups?: Service['servesGroups'];
};

const vocabulary = searchVocabulary(referenceData());

function directory(specs: Spec[]): DirectoryIndex {
  const services = specs.map((s) =>
    ServiceSchema.parse({
      id: s.id,
      organizationId: 'org-test',
      name: { en: s.name },
      description: { en: s.description ?? 'Open on weekdays.' },
      areas: s.areas,
      subtypes: s.subtypes ?? [],
      servesPlaces: s.places,
      servesGroups: s.groups ?? [],
      cost: { free: true },
      sample: true,
    }),
  );
  return new DirectoryIndex({ version: 't', organizations: [], services, locations: [] }, vocabulary);
}

const search = (index: DirectoryIndex, text: string, locale?: 'en' | 'th' | 'lo' | 'my') =>
  index.search({ text, locale, pageSize: 50 }).hits.map((h) => h.service.id);

beforeAll(async () => {
  await loadZawgyiTools();
});

describe('ranking rules', () => {
  it("adds a listing's own words to its sub-type: saying it and offering it beats offering it", () => {
    const index = directory([
      {
        id: 'tagged',
        name: 'A desk',
        areas: ['work'],
        subtypes: ['work.savings-debt-advice'],
        places: ['TH'],
      },
      {
        id: 'tagged-and-said',
        name: 'B desk',
        description: 'Advice on debt and loans.',
        areas: ['work'],
        subtypes: ['work.savings-debt-advice'],
        places: ['TH'],
      },
    ]);
    expect(search(index, 'debt')).toEqual(['tagged-and-said', 'tagged']);
  });

  it('a sub-type need word outranks an area-only match, even a nearer one', () => {
    const index = directory([
      {
        id: 'th-case-workers',
        name: 'A case workers',
        areas: ['case-management'],
        subtypes: ['case-management.case-workers'],
        places: ['TH'],
      },
      {
        id: 'kh-consular',
        name: 'B consular help',
        areas: ['case-management'],
        subtypes: ['case-management.consular-help'],
        places: ['KH'],
      },
    ]);
    // สถานทูต = embassy; the reader's country (Thailand) does not lift case workers above it.
    expect(search(index, 'สถานทูต', 'th')).toEqual(['kh-consular', 'th-case-workers']);
  });

  it('a sub-type need word also finds the rest of its area, after the listings that offer it', () => {
    const index = directory([
      {
        id: 'clinic',
        name: 'A clinic',
        areas: ['health'],
        subtypes: ['health.general-care'],
        places: ['TH'],
      },
      {
        id: 'hiv-clinic',
        name: 'B clinic',
        areas: ['health'],
        subtypes: ['health.hiv-sti-tb'],
        places: ['KH'],
      },
      { id: 'legal', name: 'C legal desk', areas: ['legal'], places: ['TH'] },
    ]);
    // "aids" names HIV care only; a general clinic may still help, after it and even if nearer.
    expect(search(index, 'aids', 'th')).toEqual(['hiv-clinic', 'clinic']);
  });

  it('a nearer listing that covers nearly all of the query comes before a farther one that covers all', () => {
    const index = directory([
      {
        id: 'kh-child-protection',
        name: 'A child protection',
        areas: ['safety'],
        subtypes: ['safety.child-protection'],
        places: ['KH'],
      },
      {
        id: 'la-helpline',
        name: 'B helpline',
        areas: ['safety'],
        subtypes: ['safety.emergency-helpline'],
        places: ['LA'],
      },
      { id: 'la-school', name: 'C school', areas: ['education'], places: ['LA'], groups: ['children'] },
    ]);
    // ເດັກນ້ອຍ ... ອັນຕະລາຍ = a child in danger: the Lao helpline covers "danger" and, through the
    // safety area, most of "child"; the Lao school covers "child" only and stays below both.
    expect(search(index, 'ເດັກນ້ອຍຢູ່ໃນອັນຕະລາຍ', 'lo')).toEqual([
      'la-helpline',
      'kh-child-protection',
      'la-school',
    ]);
  });

  it('a generic word does not lift a listing above one that matches the need word better', () => {
    const index = directory([
      {
        id: 'kh-clinic',
        name: 'Z clinic',
        areas: ['health'],
        subtypes: ['health.general-care'],
        places: ['KH'],
      },
      { id: 'th-free-doctors', name: 'A free doctors room', areas: ['housing'], places: ['TH'] },
    ]);
    // "doctors" matches "doctor" as a prefix only; "free" must not make up the difference.
    expect(search(index, 'free doctor', 'th')).toEqual(['kh-clinic', 'th-free-doctors']);
  });

  it('names a place without the word for its kind of place, and its words stand for the place only', () => {
    const index = directory([
      { id: 'yangon', name: 'A legal desk', areas: ['legal'], places: ['MM-06'] },
      { id: 'hanoi-support', name: 'Hỗ trợ pháp lý', areas: ['legal'], places: ['VN-HN'] },
      { id: 'saigon', name: 'Z legal desk', areas: ['legal'], places: ['VN-SG-01'] },
      { id: 'chiang-mai', name: 'Y clinic', areas: ['health'], places: ['TH-50'] },
    ]);
    expect(search(index, 'yangon')).toEqual(['yangon']);
    expect(search(index, '清迈')).toEqual(['chiang-mai']);
    // "hồ" is not "hỗ" (trợ) here: the Hanoi listing is not lifted by its name.
    expect(search(index, 'luật sư hồ chí minh')[0]).toBe('saigon');
  });

  it('names children as a group: a school for children comes before a service that only mentions school', () => {
    const index = directory([
      {
        id: 'child-line',
        name: 'A child line',
        description: 'We also help with school.',
        areas: ['safety'],
        subtypes: ['safety.child-protection'],
        places: ['TH'],
      },
      {
        id: 'school',
        name: 'B school',
        areas: ['education'],
        subtypes: ['education.school-return'],
        places: ['TH'],
        groups: ['children'],
      },
    ]);
    expect(search(index, 'ลูกอยากไปโรงเรียน', 'th')[0]).toBe('school');
  });
});

describe('reading the query', () => {
  const sample = sampleDirectoryIndex();
  const same = (a: string, b: string, locale: 'th' | 'my' | 'lo') =>
    expect(search(sample, a, locale)).toEqual(search(sample, b, locale));

  it('splits a word the segmenter glued into the words the index knows', () => {
    const known = new Set(['ကိုယ်ဝန်', 'ရှိ']);
    expect(splitWord('ကိုယ်ဝန်ရှိ', (w) => known.has(w))?.words).toEqual(['ကိုယ်ဝန်', 'ရှိ']);
    // Never inside a syllable: a vowel sign or asat stays with its consonant.
    expect(splitWord('ကိုယ်ဝန်', (w) => w === 'ကို')).toBeUndefined();
    // "I am pregnant": found although the segmenter returns ကိုယ်ဝန်ရှိ as one unknown word.
    const index = directory([
      {
        id: 'clinic',
        name: 'A clinic',
        areas: ['health'],
        subtypes: ['health.sexual-reproductive-health'],
        places: ['MM'],
      },
    ]);
    expect(search(index, 'ကိုယ်ဝန်ရှိတယ်', 'my')).toEqual(['clinic']);
    // A word of a need phrase counts as known when the query completes the phrase: ບໍ່ຈ່າຍ (not
    // paid) + ເງິນ (money) out of ຈ່າຍເງິນ.
    expect(search(sample, 'ບໍ່ຈ່າຍເງິນ', 'lo')[0]).toBe('la-river-light-legal');
    // A name the index does not know is not cut into syllables that happen to be words:
    // แม่สาย (Mae Sai) is not แม่ (mother) + สาย (line).
    expect(search(sample, 'แม่สาย', 'th')).toEqual([]);
  });

  it('drops Burmese sentence-final particles and words of need', () => {
    same('ရှေ့နေ လိုတယ်', 'ရှေ့နေ', 'my'); // need a lawyer
    same('လစာမရဘူး', 'လစာ', 'my'); // not getting wages
    same('အလုပ်လိုချင်တယ်', 'အလုပ်', 'my'); // want a job
  });

  it('drops Thai function words, and words made only of stop-words', () => {
    same('ถูกข่มขู่', 'ข่มขู่', 'th'); // being threatened
    same('ไม่มีบัตร', 'บัตร', 'th'); // have no (ID) card: ไม่มี = ไม่ + มี
    same('ทำงานบนเรือประมง', 'ทำงาน เรือประมง', 'th'); // working on a fishing boat
  });

  it('reads an employer as a generic word, also when the segmenter cuts it in two', () => {
    // ນາຍຈ້າງ (employer) is segmented ນາຍ + ຈ້າງ: the pair is one generic word, so it finds no
    // listing of its own and only orders those that match "not paid".
    const withEmployer = search(sample, 'ນາຍຈ້າງບໍ່ຈ່າຍເງິນ', 'lo');
    const without = search(sample, 'ບໍ່ຈ່າຍເງິນ', 'lo');
    expect(withEmployer[0]).toBe('la-river-light-legal');
    expect([...withEmployer].sort()).toEqual([...without].sort());
  });
});
