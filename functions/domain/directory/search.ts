import type { Locale } from '../locales.js';
import { once } from '../once.js';
import type { DirectorySnapshot, Service, ServedGroup } from './model.js';
import { isOpenHours, localWeekdayAndMinutes, type OpeningHours, openingHours } from './schedule.js';
import {
  AREA_SYNONYMS,
  GENERIC_WORDS,
  GROUP_SYNONYMS,
  PLACE_TYPE_WORDS,
  STOP_WORDS,
  SUBTYPE_SYNONYMS,
} from './synonyms.js';
import { AREAS, type AreaId } from './taxonomy.js';
import { burmeseForms } from './burmese.js';
import { compact, isHan, isLatinWord, isUnspacedScript, normalize, WORDS_VERSION, words } from './text.js';

/** What a person can ask the directory. Nothing is filtered by gender or age unless they choose it. */
export interface SearchQuery {
  text?: string | undefined;
  areas?: AreaId[] | undefined;
  /** A place id (country, province or district). */
  place?: string | undefined;
  /** Who is served; a service for everyone always matches. */
  groups?: ServedGroup[] | undefined;
  /** A language the person speaks (BCP 47 primary subtag is enough). */
  language?: string | undefined;
  free?: boolean | undefined;
  openNow?: boolean | undefined;
  open24h?: boolean | undefined;
  /** Can be reached by phone or online. */
  remote?: boolean | undefined;
  noPoliceReport?: boolean | undefined;
  generalService?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
  /** The reader's language: its stop-words apply, and its country comes first when no place is chosen. */
  locale?: Locale | undefined;
}

export interface SearchHit {
  service: Service;
  score: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hits: SearchHit[];
  /** The query with misspelt words corrected ("lawer" → "lawyer"), when a correction was used. */
  suggestion?: string | undefined;
}

/** Extra words that identify areas and places (translated labels), supplied by the caller. */
export interface IndexVocabulary {
  areaLabels?: Partial<Record<AreaId, string[]>>;
  /** place id → its names in every language. */
  placeNames?: Map<string, string[]>;
  /** Served group → its translated labels ("Women", "ผู้หญิง" …). */
  groupLabels?: Partial<Record<string, string[]>>;
}

/** The country a reader of each language most likely looks in, when no place is chosen. */
export const LOCALE_COUNTRY: Partial<Record<Locale, string>> = {
  th: 'TH',
  my: 'MM',
  km: 'KH',
  lo: 'LA',
  vi: 'VN',
};

/** The words of a listing's own texts (all languages), worked out when the listing is saved. */
export interface ServiceWords {
  name: string[];
  description: string[];
  /** WORDS_VERSION of text.ts when the words were worked out; older words are folded again. */
  v?: number;
}

/** Segments a listing's name and description; stored with the listing so loading stays fast. */
export function serviceWords(service: Pick<Service, 'name' | 'description'>): ServiceWords {
  return {
    name: words(Object.values(service.name).join(' ')),
    description: words(Object.values(service.description ?? {}).join(' ')),
    v: WORDS_VERSION,
  };
}

interface Posting {
  docs: number[];
  weights: number[];
}

interface IndexedService {
  service: Service;
  /** All searchable text without spaces, built on first use by the substring fallback. */
  compactText?: string;
  searchableText: () => string;
  languages: Set<string>;
  /** The places served, exactly as listed. */
  places: Set<string>;
  /** The same places as a list, and the first two letters of each (its country). */
  placeList: string[];
  placeCountries: string[];
}

/** Per-search values worked out once, not once per listing. */
interface FilterContext {
  query: SearchQuery;
  /** Strict ancestors of the place asked for: a service for a whole country covers its districts. */
  placeAncestors: string[];
  /** The place asked for followed by "-": the start of the places inside it. */
  placeInside: string;
  /** The language asked for as its primary subtag ("my" for "my-MM"). */
  language: string | undefined;
  /** The bits of the areas and groups asked for. */
  areaMask: number;
  groupMask: number;
  /** Per schedule number: 0 not yet checked, 1 open now, 2 closed. */
  open?: Uint8Array;
  localTimes: Map<string, ReturnType<typeof localWeekdayAndMinutes>>;
  now: Date;
}

const FIELD_WEIGHT = {
  name: 5,
  organization: 2,
  area: 3,
  group: 3,
  subtype: 6,
  place: 2,
  description: 1,
} as const;
/**
 * How much of a word a match is worth: a prefix, a corrected typo or a wider place count for less,
 * and so does a listing of the area of a sub-type the word names when it does not offer that
 * sub-type itself (for "go back to school", a learning centre that is not a school).
 */
const FIT = {
  exact: 1,
  description: 0.6,
  prefix: 0.8,
  typo: 0.8,
  widerPlace: 0.5,
  areaOfSubtype: 0.8,
} as const;
/** Weight of a word that many listings share, against 1 for a need word. */
const GENERIC_IMPORTANCE = 0.3;
// Built on first use: normalising every language's words (and the Chinese table that needs) is
// not cold-start work.
const STOP = lazySet(() => Object.values(STOP_WORDS).flat().map(normalize));
const GENERIC = lazySet(() => Object.values(GENERIC_WORDS).flat().map(normalize));

function lazySet(words: () => string[]): Pick<ReadonlySet<string>, 'has'> {
  const set = once(() => new Set(words()));
  return { has: (word) => set().has(word) };
}
/** Stop-words and generic words of several words ("ho tro", "ນາຍຈ້າງ" = employer), segmented on first use. */
let wordPhrases: { words: string[]; kind: 'stop' | 'generic' }[] | undefined;
function stopAndGenericPhrases(): { words: string[]; kind: 'stop' | 'generic' }[] {
  wordPhrases ??= [
    ...Object.values(STOP_WORDS)
      .flat()
      .map((t) => ({ words: words(t), kind: 'stop' as const })),
    ...Object.values(GENERIC_WORDS)
      .flat()
      .map((t) => ({ words: words(t), kind: 'generic' as const })),
  ].filter((p) => p.words.length > 1);
  return wordPhrases;
}
const REMOTE_KINDS = new Set([
  'phone',
  'sms',
  'whatsapp',
  'line',
  'viber',
  'telegram',
  'signal',
  'messenger',
  'email',
  'web',
]);

/**
 * An in-memory search index over the whole public directory. Built once per directory version
 * (see data/directory-cache.ts) and shared by every request until the directory changes.
 */
export class DirectoryIndex {
  readonly version: string;
  readonly snapshot: DirectorySnapshot;
  private readonly docs: IndexedService[] = [];
  private readonly byId = new Map<string, number>();
  /** token → (doc index → weight) */
  private readonly postings = new Map<string, Posting>();
  /** place name word → places, and multi-word place names as word lists */
  private readonly placeWords = new Map<string, Set<string>>();
  private readonly placePhrases: { words: string[]; place: string }[] = [];
  private sortedTokens: string[] = [];
  /** synonym word → areas, and multi-word synonyms as word lists */
  private readonly synonymAreas = new Map<string, Set<AreaId>>();
  private readonly synonymPhrases: { words: string[]; area: AreaId }[] = [];
  /** need word → sub-types and groups ("subtype:health.hiv-sti-tb", "group:women") */
  private readonly tagWords = new Map<string, Set<string>>();
  private readonly tagPhrases: { words: string[]; tag: string }[] = [];
  /** Every word of a multi-word synonym, need word or place name. */
  private readonly phraseWords = new Set<string>();
  private readonly docsByTag = new Map<string, number[]>();
  private scratch?: {
    coverage: Float64Array;
    score: Float64Array;
    best: Float64Array;
    bestTag: Float64Array;
    fit: Float32Array;
    seen: Uint8Array;
    near: Float32Array;
    step: Uint8Array;
  };
  /** Latin-script words known to the index, by length, for correcting typos. */
  private readonly latinByLength = new Map<number, string[]>();
  private readonly docsByArea = new Map<AreaId, number[]>();
  /** place id → documents serving that place or a place inside it */
  private readonly docsWithin = new Map<string, number[]>();
  /** place id → documents serving exactly that place */
  private readonly docsAt = new Map<string, number[]>();
  /** First two letters of a place id (its country) → documents serving a place starting so */
  private readonly docsByCountry = new Map<string, number[]>();
  /**
   * What the filters ask of each listing, by document number, so filtering reads small arrays
   * instead of each listing's objects: FLAG bits, and the listing's areas and groups as bits.
   */
  private readonly columns: FilterColumns;

  constructor(snapshot: DirectorySnapshot, vocabulary: IndexVocabulary = {}) {
    this.version = snapshot.version;
    this.snapshot = snapshot;
    const orgNames = new Map(snapshot.organizations.map((o) => [o.id, Object.values(o.name).join(' ')]));
    for (const area of AREAS) this.docsByArea.set(area, []);
    // Texts shared by many listings (area labels, place and organisation names) are segmented once.
    const wordCache = new Map<string, string[]>();
    const cachedWords = (text: string) => {
      let w = wordCache.get(text);
      if (!w) {
        w = words(text);
        wordCache.set(text, w);
      }
      return w;
    };
    // Documents are kept in name order, so a document's index is also its tie-break rank and
    // results without a text query come out ordered without sorting.
    const collator = new Intl.Collator('en');
    const active = snapshot.services
      .filter((s) => s.status === 'active')
      .sort((a, b) => collator.compare(a.name.en, b.name.en));

    this.columns = {
      flags: new Uint8Array(active.length),
      areas: new Uint32Array(active.length),
      groups: new Uint32Array(active.length),
      areaBits: new NameBits(),
      groupBits: new NameBits(),
      schedule: new Int32Array(active.length),
      schedules: [],
    };
    const scheduleNumbers = new Map<string, number>();
    for (const service of active) {
      const doc = this.docs.length;
      const columns = this.columns;
      columns.flags[doc] =
        (service.cost.free ? FLAG.free : 0) |
        (service.schedule?.open24h ? FLAG.open24h : 0) |
        (service.contacts.some((c) => REMOTE_KINDS.has(c.kind)) ? FLAG.remote : 0) |
        (service.policeReportRequired ? FLAG.policeReport : 0) |
        (service.generalService ? FLAG.generalService : 0);
      columns.areas[doc] = columns.areaBits.maskOf(service.areas, true);
      columns.groups[doc] = columns.groupBits.maskOf(service.servesGroups, true);
      columns.schedule[doc] = -1;
      if (service.schedule) {
        const hours = openingHours(service.schedule);
        const key = `${service.schedule.timeZone} ${JSON.stringify(hours)}`;
        let number = scheduleNumbers.get(key);
        if (number === undefined) {
          number = columns.schedules.length;
          columns.schedules.push({ timeZone: service.schedule.timeZone, hours });
          scheduleNumbers.set(key, number);
        }
        columns.schedule[doc] = number;
      }
      this.byId.set(service.id, doc);
      // Area labels and place names are not repeated per listing: matchWord reaches them through
      // the area and place lists, which keeps building the index fast.
      const orgName = orgNames.get(service.organizationId) ?? '';
      const own = currentWords(snapshot.words?.get(service.id)) ?? serviceWords(service);
      for (const word of own.name) this.addPosting(word, doc, FIELD_WEIGHT.name);
      for (const word of cachedWords(orgName)) this.addPosting(word, doc, FIELD_WEIGHT.organization);
      for (const word of own.description) this.addPosting(word, doc, FIELD_WEIGHT.description);
      this.docs.push({
        service,
        searchableText: () =>
          [
            Object.values(service.name).join(' '),
            orgName,
            Object.values(service.description ?? {}).join(' '),
          ].join(' '),
        languages: new Set(service.languages.map((l) => l.toLowerCase().split('-')[0] ?? l)),
        places: new Set(service.servesPlaces),
        placeList: [...new Set(service.servesPlaces)],
        placeCountries: [...new Set(service.servesPlaces)].map((p) => p.slice(0, 2)),
      });
      for (const area of service.areas) this.docsByArea.get(area)?.push(doc);
      for (const subtype of service.subtypes) pushTo(this.docsByTag, `subtype:${subtype}`, doc);
      for (const group of service.servesGroups) pushTo(this.docsByTag, `group:${group}`, doc);
      const within = new Set(service.servesPlaces.flatMap(placeAndAncestors));
      for (const place of within) pushTo(this.docsWithin, place, doc);
      for (const place of new Set(service.servesPlaces)) pushTo(this.docsAt, place, doc);
      for (const country of new Set(service.servesPlaces.map((p) => p.slice(0, 2))))
        pushTo(this.docsByCountry, country, doc);
    }
    this.sortedTokens = [...this.postings.keys()].sort();

    for (const [place, names] of vocabulary.placeNames ?? []) {
      for (const name of new Set(names.flatMap((n) => [n, ...withoutPlaceType(n)]))) {
        const nameWords = cachedWords(name);
        if (nameWords.length === 1) pushToSet(this.placeWords, nameWords[0] as string, place);
        else if (nameWords.length > 1) this.placePhrases.push({ words: nameWords, place });
      }
    }

    const addTag = (tag: string, term: string) => {
      const termWords = words(term);
      if (termWords.length === 1) pushToSet(this.tagWords, termWords[0] as string, tag);
      else if (termWords.length > 1) this.tagPhrases.push({ words: termWords, tag });
    };
    for (const [subtype, byLocale] of Object.entries(SUBTYPE_SYNONYMS))
      for (const term of Object.values(byLocale).flat()) addTag(`subtype:${subtype}`, term);
    for (const [group, byLocale] of Object.entries(GROUP_SYNONYMS))
      for (const term of Object.values(byLocale ?? {}).flat()) addTag(`group:${group}`, term);
    for (const [group, labels] of Object.entries(vocabulary.groupLabels ?? {}))
      for (const term of labels ?? []) addTag(`group:${group}`, term);

    for (const area of AREAS) {
      const terms = [...Object.values(AREA_SYNONYMS[area]).flat(), ...(vocabulary.areaLabels?.[area] ?? [])];
      for (const term of terms) {
        const termWords = words(term);
        if (termWords.length === 1) {
          const w = termWords[0] as string;
          const set = this.synonymAreas.get(w) ?? new Set<AreaId>();
          set.add(area);
          this.synonymAreas.set(w, set);
        } else if (termWords.length > 1) {
          this.synonymPhrases.push({ words: termWords, area });
        }
      }
    }

    for (const phrase of [...this.tagPhrases, ...this.synonymPhrases, ...this.placePhrases])
      for (const w of phrase.words) this.phraseWords.add(w);

    const latin = new Set<string>();
    for (const token of this.sortedTokens) if (isLatinWord(token) && !/^\d+$/.test(token)) latin.add(token);
    for (const w of [...this.synonymAreas.keys(), ...this.tagWords.keys(), ...this.placeWords.keys()])
      if (isLatinWord(w)) latin.add(w);
    for (const w of latin) {
      const list = this.latinByLength.get(w.length);
      if (list) list.push(w);
      else this.latinByLength.set(w.length, [w]);
    }
  }

  get size(): number {
    return this.docs.length;
  }

  getService(id: string): Service | undefined {
    const doc = this.byId.get(id);
    return doc === undefined ? undefined : this.docs[doc]?.service;
  }

  /** Documents are added in order, so a word seen twice in one listing is always the last entry. */
  private addPosting(word: string, doc: number, weight: number): void {
    let posting = this.postings.get(word);
    if (!posting) {
      posting = { docs: [], weights: [] };
      this.postings.set(word, posting);
    }
    const last = posting.docs.length - 1;
    if (posting.docs[last] === doc) {
      if (weight > (posting.weights[last] as number)) posting.weights[last] = weight;
    } else {
      posting.docs.push(doc);
      posting.weights.push(weight);
    }
  }

  /**
   * Documents matching one query word, with how much of the word each matched written into `fit`
   * and the best weight per document into `best` (the listing's own words) and `bestTag` (its
   * sub-types, groups, areas and places), touched documents listed in `touched`: exact or prefix
   * word matches, need words of sub-types and groups, synonyms of service areas, place names (and
   * the wider regions around a named place), and a substring fallback for unspaced scripts.
   * Returns the places the word names.
   */
  private matchWord(word: string, m: WordMatch): string[] {
    const { best, bestTag, fit, touched, queryWords } = m;
    const factor = m.factor ?? 1;
    const add = (doc: number, weight: number, f: number = FIT.exact, tag = false) => {
      if (best[doc] === 0 && bestTag[doc] === 0) touched.push(doc);
      const w = weight * factor;
      const into = tag ? bestTag : best;
      if (w > (into[doc] as number)) into[doc] = w;
      if (f * factor > (fit[doc] as number)) fit[doc] = f * factor;
    };

    const places = new Set(this.placeWords.get(word) ?? []);
    // A word of a place name of several words ("hồ chí minh") stands for the place only: "ho" is
    // not "hỗ trợ" (support) there.
    let inPlaceName = false;
    for (const phrase of this.placePhrases) {
      if (phrase.words.includes(word) && phrase.words.every((w) => queryWords.has(w))) {
        places.add(phrase.place);
        inPlaceName = true;
      }
    }
    for (const place of places) {
      for (const doc of this.docsWithin.get(place) ?? []) add(doc, FIELD_WEIGHT.place, FIT.exact, true);
      // A service for the whole country or province also serves the place named, less closely.
      for (const wider of placeAndAncestors(place).slice(0, -1))
        for (const doc of this.docsAt.get(wider) ?? [])
          add(doc, FIELD_WEIGHT.place / 2, FIT.widerPlace, true);
    }
    if (inPlaceName) return [...places];

    const exact = this.postings.get(word);
    // A word only in a listing's description says less about what it offers than its name does.
    const fieldFit = (weight: number) => (weight > FIELD_WEIGHT.description ? FIT.exact : FIT.description);
    if (exact)
      for (let i = 0; i < exact.docs.length; i++)
        add(exact.docs[i] as number, (exact.weights[i] as number) + 1, fieldFit(exact.weights[i] as number));
    // Prefix matches ("clin" → "clinic"), weighted below exact ones; too short a start matches
    // everything (one Thai or Burmese letter, one Latin letter pair).
    if (prefixAllowed(word)) {
      for (let i = lowerBound(this.sortedTokens, word); i < this.sortedTokens.length; i++) {
        const token = this.sortedTokens[i] as string;
        if (!token.startsWith(word)) break;
        if (token === word) continue;
        const posting = this.postings.get(token) as Posting;
        for (let j = 0; j < posting.docs.length; j++)
          add(
            posting.docs[j] as number,
            (posting.weights[j] as number) * 0.8,
            FIT.prefix * fieldFit(posting.weights[j] as number),
          );
      }
    }
    const tags = new Set(this.tagWords.get(word) ?? []);
    for (const phrase of this.tagPhrases) {
      if (phrase.words.includes(word) && phrase.words.every((w) => queryWords.has(w))) tags.add(phrase.tag);
    }
    const subtypeAreas = new Set<AreaId>();
    for (const tag of tags) {
      const group = tag.startsWith('group:');
      if (!group) subtypeAreas.add(tag.slice('subtype:'.length).split('.')[0] as AreaId);
      const weight = group ? FIELD_WEIGHT.group : FIELD_WEIGHT.subtype;
      for (const doc of this.docsByTag.get(tag) ?? []) add(doc, weight, FIT.exact, true);
    }
    const areas = new Set(this.synonymAreas.get(word) ?? []);
    for (const phrase of this.synonymPhrases) {
      if (phrase.words.includes(word) && phrase.words.every((w) => queryWords.has(w))) areas.add(phrase.area);
    }
    for (const area of areas)
      for (const doc of this.docsByArea.get(area) ?? []) add(doc, FIELD_WEIGHT.area, FIT.exact, true);
    // A sub-type's need word also points, less surely, to the rest of its area.
    for (const area of subtypeAreas)
      if (!areas.has(area))
        for (const doc of this.docsByArea.get(area) ?? [])
          add(doc, FIELD_WEIGHT.area, FIT.areaOfSubtype, true);

    // Segmentation of a short query can differ from that of a long text: fall back to substring.
    if (touched.length === 0 && isUnspacedScript(word) && prefixAllowed(word)) {
      for (let doc = 0; doc < this.docs.length; doc++) {
        if (compactTextOf(this.docs[doc] as IndexedService).includes(word)) add(doc, 1);
      }
    }
    return [...places];
  }

  /** A word that names a need or a place: a synonym, a need word or (part of) a place name. */
  private isNeedWord(word: string): boolean {
    return (
      this.synonymAreas.has(word) ||
      this.tagWords.has(word) ||
      this.placeWords.has(word) ||
      this.phraseWords.has(word)
    );
  }

  /** A word the index knows: a listing's word, a need word, a stop-word or a generic word. */
  private knows(word: string): boolean {
    return this.postings.has(word) || this.isNeedWord(word) || STOP.has(word) || GENERIC.has(word);
  }

  /** A word of a need phrase ("ບໍ່ຈ່າຍ", not paid) whose other words are all among `words`. */
  private completesPhrase(word: string, words: Set<string>): boolean {
    for (const list of [this.tagPhrases, this.synonymPhrases, this.placePhrases])
      for (const phrase of list)
        if (phrase.words.includes(word) && phrase.words.every((w) => words.has(w))) return true;
    return false;
  }

  /**
   * The words of a query. In Thai, Lao, Khmer and Burmese the segmenter's dictionary can glue a
   * need word to the word after it ("ကိုယ်ဝန်ရှိ" = pregnant + have, "ជំពាក់បំណុល" = owe + debt):
   * a word the index does not know is split when it is made entirely of need words, stop-words,
   * generic words and words of a need phrase the query completes ("ບໍ່ຈ່າຍເງິນ" = not + pay +
   * money). A name the index does not know ("แม่สาย", Mae Sai) is not cut into syllables that
   * happen to be words ("แม่", mother).
   */
  private queryWords(text: string): string[] {
    const raw = words(text);
    const out: string[] = [];
    for (const word of raw) {
      if (isUnspacedScript(word) && !isHan(word) && !this.knows(word)) {
        const single = (piece: string) =>
          this.synonymAreas.has(piece) ||
          this.tagWords.has(piece) ||
          this.placeWords.has(piece) ||
          STOP.has(piece) ||
          GENERIC.has(piece);
        const pieces = splitWord(word, (piece) => single(piece) || this.phraseWords.has(piece));
        if (pieces && pieces.known === word.length) {
          const context = new Set([...raw, ...pieces.words]);
          if (pieces.words.every((p) => single(p) || this.completesPhrase(p, context))) {
            out.push(...pieces.words);
            continue;
          }
        }
      }
      out.push(word);
    }
    return out;
  }

  /**
   * How much a query word counts: a stop-word not at all, a generic word a little. A word the
   * segmenter made of stop-words and generic words only ("ไม่มี" = not + have, "ຄວາມຊ່ວຍເຫຼືອ" =
   * the help) counts as they do, unless it names a need itself ("ที่อยู่", a place to live).
   */
  private wordKind(word: string): 'stop' | 'generic' | 'need' {
    if (STOP.has(word)) return 'stop';
    if (GENERIC.has(word)) return 'generic';
    if (!isUnspacedScript(word) || isHan(word) || this.isNeedWord(word)) return 'need';
    const pieces = splitWord(word, (piece) => STOP.has(piece) || GENERIC.has(piece));
    if (!pieces || pieces.known < word.length) return 'need';
    return pieces.words.every((w) => STOP.has(w)) ? 'stop' : 'generic';
  }

  /**
   * The closest word the index knows, for a Latin-script word that matched nothing ("lawer"):
   * edit distance 1 from four letters, 2 from eight; need words (synonyms) win over listing words
   * at the same distance.
   */
  private correction(word: string): string | undefined {
    if (!isLatinWord(word) || word.length < 4 || /^\d+$/.test(word)) return undefined;
    const limit = word.length >= 8 ? 2 : 1;
    let found: string | undefined;
    let foundRank = Number.POSITIVE_INFINITY;
    for (let len = word.length - limit; len <= word.length + limit; len++) {
      for (const candidate of this.latinByLength.get(len) ?? []) {
        const d = editDistance(word, candidate, limit);
        if (d > limit) continue;
        const need = this.tagWords.has(candidate) || this.synonymAreas.has(candidate);
        const rank = d * 2 + (need ? 0 : 1);
        if (rank < foundRank || (rank === foundRank && found !== undefined && candidate < found)) {
          found = candidate;
          foundRank = rank;
        }
      }
    }
    return found;
  }

  /**
   * Writes into `near` the nearness of `docs` to `target` (see nearness()). For many listings the
   * place lists are marked instead of reading each listing (the same values: a listing inside the
   * target is in its docsWithin list, one of a region around it in the docsAt list of that region,
   * one of the same country in docsByCountry). Returns the lists marked, for clearing `near`.
   */
  private markNearness(target: string, docs: number[], near: Float32Array): number[][] {
    const t = nearTo(target);
    const lists: [number, number[]][] = [
      [0.5, this.docsByCountry.get(t.country) ?? []],
      ...placeAndAncestors(target)
        .slice(0, -1)
        .map((a): [number, number[]] => [1, this.docsAt.get(a) ?? []]),
      [2, this.docsWithin.get(target) ?? []],
    ];
    const marks = lists.reduce((n, [, list]) => n + list.length, 0);
    if (marks > docs.length * 4) {
      for (const doc of docs) near[doc] = nearness(this.docs[doc] as IndexedService, t);
      return [];
    }
    // Ascending values, so each listing ends with the highest that applies.
    for (const [value, list] of lists) for (const doc of list) near[doc] = value;
    return lists.map(([, list]) => list);
  }

  /** Free text plus filters, ranked: see docs/search.md. */
  search(query: SearchQuery, now: Date = new Date()): SearchResult {
    const pageSize = clamp(query.pageSize ?? 20, 1, 100);
    const fc: FilterContext = {
      query,
      placeAncestors: query.place ? placeAndAncestors(query.place).slice(0, -1) : [],
      placeInside: `${query.place}-`,
      areaMask: this.columns.areaBits.maskOf(query.areas ?? []),
      groupMask: this.columns.groupBits.maskOf(query.groups ?? []),
      language: query.language ? (query.language.toLowerCase().split('-')[0] ?? query.language) : undefined,
      localTimes: new Map(),
      now,
    };
    // Burmese typed in Zawgyi is read as Unicode; the other reading only counts where it appears
    // whole in a listing, so a misread never floods the results.
    const forms = query.text ? burmeseForms(query.text) : undefined;
    const allWords = forms ? [...new Set(this.queryWords(forms.text))].slice(0, 12) : [];
    const kinds = new Map(allWords.map((w) => [w, this.wordKind(w)]));
    for (const phrase of stopAndGenericPhrases())
      if (phrase.words.every((w) => kinds.has(w))) for (const w of phrase.words) kinds.set(w, phrase.kind);
    const needWords = allWords.filter((w) => kinds.get(w) !== 'stop');
    const queryWords = needWords.length > 0 ? needWords : allWords;
    /** The listings up to the end of the page asked for, in order, out of `total`. */
    let ordered: { doc: number; score: number }[];
    let total: number;
    let suggestion: string | undefined;

    if (queryWords.length > 0 && forms) {
      // Typed arrays instead of maps: a common word can match tens of thousands of listings.
      // Scratch arrays are reused across searches (search is synchronous) and cleared for the
      // candidates at the end: allocating them per search cost more than the search at 50,000.
      const n = this.docs.length;
      this.scratch ??= {
        coverage: new Float64Array(n),
        score: new Float64Array(n),
        best: new Float64Array(n),
        bestTag: new Float64Array(n),
        fit: new Float32Array(n),
        seen: new Uint8Array(n),
        near: new Float32Array(n),
        step: new Uint8Array(n),
      };
      const { coverage, score, best, bestTag, fit, seen, near, step } = this.scratch;
      const candidates: number[] = [];
      const wordSet = new Set(allWords);
      const namedPlaces: string[] = [];
      const corrected = new Map<string, string>();
      // Generic words ("help", "free") only order listings that match the need words equally well;
      // a query of generic words alone is covered by them.
      const hasNeed = queryWords.some((w) => kinds.get(w) === 'need');
      let totalImportance = 0;
      for (const word of queryWords) {
        const generic = kinds.get(word) === 'generic';
        const importance = generic ? GENERIC_IMPORTANCE : 1;
        const counts = generic && hasNeed ? 0 : 1;
        totalImportance += counts;
        const touched: number[] = [];
        const m: WordMatch = { best, bestTag, fit, touched, queryWords: wordSet };
        namedPlaces.push(...this.matchWord(word, m));
        if (touched.length === 0) {
          const fix = this.correction(word);
          if (fix) {
            corrected.set(word, fix);
            namedPlaces.push(...this.matchWord(fix, { ...m, factor: FIT.typo }));
          }
        }
        for (const doc of touched) {
          if (seen[doc] === 0) {
            seen[doc] = 1;
            candidates.push(doc);
          }
          coverage[doc] = (coverage[doc] as number) + counts * (fit[doc] as number);
          // A listing that says it in its own words and also lists the matching sub-type or area is
          // a surer match than one that does only one of the two.
          score[doc] =
            (score[doc] as number) + importance * ((best[doc] as number) + (bestTag[doc] as number));
          best[doc] = 0;
          bestTag[doc] = 0;
          fit[doc] = 0;
        }
      }
      // In unspaced scripts a query's words may be split differently from the listing's: a listing
      // that contains the whole query as written counts as matching every word.
      const wholeForms = [forms.text, forms.alternative].filter(
        (t): t is string =>
          t !== undefined && isUnspacedScript(t) && (t === forms.alternative || queryWords.length > 1),
      );
      for (const form of wholeForms) {
        const whole = compact(form);
        if (!prefixAllowed(whole)) continue;
        const pool = form === forms.alternative ? this.docs.keys() : candidates.slice();
        for (const doc of pool) {
          if (compactTextOf(this.docs[doc] as IndexedService).includes(whole)) {
            if (seen[doc] === 0) {
              seen[doc] = 1;
              candidates.push(doc);
            }
            coverage[doc] = totalImportance;
            score[doc] = (score[doc] as number) + 3;
          }
        }
      }
      if (corrected.size > 0)
        suggestion = allWords.map((w) => corrected.get(w) ?? w).join(isHan(forms.text) ? '' : ' ');

      // Nearer first: the place chosen, else a place named in the words, else the reader's country.
      const target =
        query.place ?? namedPlaces[0] ?? (query.locale ? LOCALE_COUNTRY[query.locale] : undefined);
      // Listings that match less than half as much of the query as the best one are noise (one
      // common syllable of a long Burmese or Thai query).
      let top = 0;
      for (const doc of candidates) if ((coverage[doc] as number) > top) top = coverage[doc] as number;
      const filtered = hasFilters(query);
      const kept = candidates.filter(
        (doc) =>
          (coverage[doc] as number) >= top / 2 &&
          (!filtered || passesFilters(doc, this.docs[doc] as IndexedService, fc, this.columns, false)),
      );
      const marked = target ? this.markNearness(target, kept, near) : [];
      // Coverage is compared in steps, so a small difference in weight does not outrank nearness.
      for (const doc of kept) step[doc] = Math.round(((coverage[doc] as number) / totalImportance) * 5);
      const before = (a: number, b: number) =>
        (step[b] as number) - (step[a] as number) ||
        (near[b] as number) - (near[a] as number) ||
        (score[b] as number) - (score[a] as number) ||
        a - b;
      // Only the listings up to the page asked for are put in order (the order is total, so the
      // page is the same as after sorting them all): a common word matches tens of thousands.
      total = kept.length;
      const end = clamp(query.page ?? 1, 1, pageCount(total, pageSize)) * pageSize;
      ordered = firstInOrder(kept, end, before).map((doc) => ({ doc, score: score[doc] as number }));
      for (const list of marked) for (const doc of list) near[doc] = 0;
      for (const doc of candidates) {
        coverage[doc] = 0;
        score[doc] = 0;
        seen[doc] = 0;
        near[doc] = 0;
        step[doc] = 0;
      }
    } else {
      // No words: the place or area filter picks the candidates straight from its lists, which
      // are already in document (name) order.
      let pool: number[] | undefined;
      let placePool: number[] | undefined;
      const areaLists = (query.areas ?? []).map((area) => this.docsByArea.get(area) ?? []);
      const placeLists = query.place
        ? [this.docsWithin.get(query.place) ?? [], ...fc.placeAncestors.map((a) => this.docsAt.get(a) ?? [])]
        : [];
      const areaSize = areaLists.reduce((n, l) => n + l.length, 0);
      const placeSize = placeLists.reduce((n, l) => n + l.length, 0);
      if (query.place && (!query.areas?.length || placeSize <= areaSize)) {
        placePool = mergeSorted(placeLists);
        pool = placePool;
      } else if (query.areas?.length) pool = mergeSorted(areaLists);
      const passing: number[] = [];
      // The listings of the place lists serve the place: that filter holds for them already.
      const pooledByPlace = pool !== undefined && pool === placePool;
      const columns = this.columns;
      for (const doc of pool ?? this.docs.keys())
        if (passesFilters(doc, this.docs[doc] as IndexedService, fc, columns, pooledByPlace))
          passing.push(doc);
      // Nearer first here too: the place chosen (its own services before country-wide ones), or
      // the reader's country; name order within each step. Nearness takes a few values only, so
      // the listings are grouped by it instead of sorted (the same order as a stable sort).
      const target = query.place ?? (query.locale ? LOCALE_COUNTRY[query.locale] : undefined);
      total = passing.length;
      const end = clamp(query.page ?? 1, 1, pageCount(total, pageSize)) * pageSize;
      const t = target ? nearTo(target) : undefined;
      const inOrder =
        t && passing.length > 1
          ? byNearness(passing, (doc) => nearness(this.docs[doc] as IndexedService, t), end)
          : passing.slice(0, end);
      ordered = inOrder.map((doc) => ({ doc, score: 0 }));
    }

    const pages = pageCount(total, pageSize);
    const page = clamp(query.page ?? 1, 1, pages);
    return {
      total,
      page,
      pageSize,
      pages,
      hits: ordered
        .slice((page - 1) * pageSize, page * pageSize)
        .map(({ doc, score }) => ({ service: (this.docs[doc] as IndexedService).service, score })),
      suggestion,
    };
  }
}

interface WordMatch {
  best: Float64Array;
  bestTag: Float64Array;
  fit: Float32Array;
  touched: number[];
  queryWords: Set<string>;
  /** Below 1 for a corrected word. */
  factor?: number;
}

/** Characters that normalize() folds beyond what the first version did (see text.ts). */
const NEEDS_FOLDING =
  /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\u0e50-\u0e59\u0ed0-\u0ed9\u17e0-\u17e9\u1040-\u1049\u1090-\u1099\u0e4d\u0ecd\u0eab\u178a\u103a\u3400-\u9fff\uf900-\ufaff]/;

/** Stored words from an older normalisation are folded again (cheaper than segmenting again). */
function currentWords(stored: ServiceWords | undefined): ServiceWords | undefined {
  if (!stored || stored.v === WORDS_VERSION) return stored;
  const fold = (list: string[]) =>
    list.map((w) => (NEEDS_FOLDING.test(w) ? normalize(w) : w)).filter((w) => w.length > 0);
  return { name: fold(stored.name), description: fold(stored.description), v: WORDS_VERSION };
}

const PLACE_TYPES = once(() =>
  [...new Set(Object.values(PLACE_TYPE_WORDS).flat().map(normalize))].sort((a, b) => b.length - a.length),
);

/**
 * A place name without the word for its kind of place at its start or end ("Yangon Region" →
 * "yangon", "清迈府" → "清迈"); nothing when too little would be left (a Han character, two
 * letters, a number: "Quận 1").
 */
function withoutPlaceType(name: string): string[] {
  const n = normalize(name).trim();
  const out: string[] = [];
  for (const type of PLACE_TYPES()) {
    // In spaced scripts the kind of place is a word of its own.
    const spaced = !isUnspacedScript(type);
    let rest: string | undefined;
    if (n.startsWith(type) && (!spaced || n[type.length] === ' ')) rest = n.slice(type.length);
    else if (n.endsWith(type) && (!spaced || n[n.length - type.length - 1] === ' '))
      rest = n.slice(0, n.length - type.length);
    rest = rest?.trim();
    if (!rest || /^\d+$/.test(rest) || [...rest].length < (isHan(rest) ? 2 : 3)) continue;
    out.push(rest);
    break;
  }
  return out;
}

/**
 * Where a word of an unspaced script may be cut: not before a combining mark (vowel signs, tone
 * marks, the Burmese asat), not after a Thai or Lao vowel written before its consonant, not after
 * a Khmer coeng or Burmese virama (the next consonant is written below), and not before a Burmese
 * consonant that an asat closes (it ends the syllable before).
 */
function mayCut(word: string, i: number): boolean {
  if (i <= 0 || i >= word.length) return true;
  const ch = word[i] as string;
  const before = word.charCodeAt(i - 1);
  if (/\p{M}/u.test(ch)) return false;
  if ((before >= 0x0e40 && before <= 0x0e44) || (before >= 0x0ec0 && before <= 0x0ec4)) return false;
  if (before === 0x17d2 || before === 0x1039) return false;
  return word.charCodeAt(i + 1) !== 0x103a;
}

/** The longest known word an unspaced word is searched for within (in UTF-16 units). */
const MAX_PIECE = 24;

/**
 * Splits a word into pieces `known` accepts, leaving as few characters in unknown pieces as
 * possible, then using as few pieces as possible. Undefined when no piece is known or the word
 * stays whole. `known` counts the characters in known pieces.
 */
export function splitWord(
  word: string,
  known: (piece: string) => boolean,
): { words: string[]; known: number } | undefined {
  const n = word.length;
  const unknown = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const pieces = new Array<number>(n + 1).fill(0);
  const from = new Array<number>(n + 1).fill(-1);
  const wasKnown = new Array<boolean>(n + 1).fill(false);
  unknown[0] = 0;
  const better = (j: number, u: number, p: number) =>
    u < (unknown[j] as number) || (u === unknown[j] && p < (pieces[j] as number));
  for (let i = 0; i < n; i++) {
    const u = unknown[i] as number;
    if (u === Number.POSITIVE_INFINITY || !mayCut(word, i)) continue;
    const p = (pieces[i] as number) + 1;
    let next = i + 1;
    while (next < n && !mayCut(word, next)) next++;
    if (better(next, u + next - i, p)) {
      unknown[next] = u + next - i;
      pieces[next] = p;
      from[next] = i;
      wasKnown[next] = false;
    }
    for (let j = next; j <= Math.min(n, i + MAX_PIECE); j++) {
      if (!mayCut(word, j) || !known(word.slice(i, j))) continue;
      if (better(j, u, p)) {
        unknown[j] = u;
        pieces[j] = p;
        from[j] = i;
        wasKnown[j] = true;
      }
    }
  }
  if (unknown[n] === n) return undefined;
  const out: { text: string; known: boolean }[] = [];
  for (let j = n; j > 0; j = from[j] as number) {
    const piece = { text: word.slice(from[j] as number, j), known: wasKnown[j] as boolean };
    const last = out[out.length - 1];
    // Neighbouring unknown characters stay one piece.
    if (last && !last.known && !piece.known) last.text = piece.text + last.text;
    else out.push(piece);
  }
  if (out.length < 2) return undefined;
  return { words: out.reverse().map((p) => p.text), known: n - (unknown[n] as number) };
}

/**
 * Where prefix and substring matching may start: three letters in Latin, Thai, Lao, Khmer and
 * Burmese script (one or two letters start too many words), two Han characters.
 */
function prefixAllowed(word: string): boolean {
  const length = [...word].length;
  return isHan(word) ? length >= 2 : length >= 3;
}

/** The place results are ordered by nearness to, with the strings nearness() compares worked out once. */
interface NearTarget {
  target: string;
  /** `${target}-`: the start of places inside it. */
  inside: string;
  country: string;
}

function nearTo(target: string): NearTarget {
  return { target, inside: `${target}-`, country: target.slice(0, 2) };
}

/** 2 = serves the place or a place inside it, 1 = serves a region around it, 0.5 = same country. */
function nearness(d: IndexedService, t: NearTarget): number {
  let near = 0;
  const { target } = t;
  for (let i = 0; i < d.placeList.length; i++) {
    const p = d.placeList[i] as string;
    if (p === target || p.startsWith(t.inside)) return 2;
    // The target lies inside p: it starts with p followed by "-".
    if (target.length > p.length && target.charCodeAt(p.length) === 45 && target.startsWith(p))
      near = Math.max(near, 1);
    else if (d.placeCountries[i] === t.country) near = Math.max(near, 0.5);
  }
  return near;
}

/** Optimal string alignment distance (adjacent swaps count once), giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prevPrev[j - 2] as number) + 1);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** Whether the query has any filter passesFilters() checks. */
function hasFilters(q: SearchQuery): boolean {
  return Boolean(
    q.areas?.length ||
      q.place ||
      q.groups?.length ||
      q.language ||
      q.free ||
      q.open24h ||
      q.openNow ||
      q.remote ||
      q.noPoliceReport ||
      q.generalService,
  );
}

/** Bits of FilterColumns.flags. */
const FLAG = { free: 1, open24h: 2, remote: 4, policeReport: 8, generalService: 16 } as const;

interface FilterColumns {
  flags: Uint8Array;
  areas: Uint32Array;
  groups: Uint32Array;
  areaBits: NameBits;
  groupBits: NameBits;
  /** Each listing's opening hours as a number in `schedules` (-1: none); listings share them. */
  schedule: Int32Array;
  schedules: { timeZone: string; hours: OpeningHours }[];
}

/** A bit for each name (area, group) seen; names beyond 32 fall back to reading the listing. */
class NameBits {
  private readonly bits = new Map<string, number>();
  overflow = false;

  /** The names' bits; unknown names get a new bit when `add`, else none (they match nothing). */
  maskOf(names: readonly string[], add = false): number {
    let mask = 0;
    for (const name of names) {
      let bit = this.bits.get(name);
      if (bit === undefined && add) {
        if (this.bits.size >= 32) {
          this.overflow = true;
          continue;
        }
        bit = this.bits.size;
        this.bits.set(name, bit);
      }
      if (bit !== undefined) mask |= 1 << bit;
    }
    return mask;
  }
}

function passesFilters(
  doc: number,
  d: IndexedService,
  fc: FilterContext,
  columns: FilterColumns,
  servesPlaceAlready: boolean,
): boolean {
  const q = fc.query;
  const s = d.service;
  if (q.areas?.length) {
    if (columns.areaBits.overflow) {
      if (!q.areas.some((a) => s.areas.includes(a))) return false;
    } else if (((columns.areas[doc] as number) & fc.areaMask) === 0) return false;
  }
  if (q.place && !servesPlaceAlready && !servesPlace(d, q.place, fc.placeAncestors, fc.placeInside))
    return false;
  if (q.groups?.length) {
    if (columns.groupBits.overflow) {
      if (s.servesGroups.length > 0 && !q.groups.some((g) => s.servesGroups.includes(g))) return false;
    } else {
      const groups = columns.groups[doc] as number;
      // A service for everyone (no groups) always matches.
      if (groups !== 0 && (groups & fc.groupMask) === 0) return false;
    }
  }
  if (fc.language !== undefined && !d.languages.has(fc.language)) return false;
  const flags = columns.flags[doc] as number;
  if (q.free && !(flags & FLAG.free)) return false;
  if (q.open24h && !(flags & FLAG.open24h)) return false;
  if (q.openNow) {
    const number = columns.schedule[doc] as number;
    if (number < 0) return false;
    // Each distinct schedule is checked once per search: 1 = open, 2 = closed.
    fc.open ??= new Uint8Array(columns.schedules.length);
    if (fc.open[number] === 0) {
      const { timeZone, hours } = columns.schedules[number] as { timeZone: string; hours: OpeningHours };
      let local = fc.localTimes.get(timeZone);
      if (!local) {
        local = localWeekdayAndMinutes(fc.now, timeZone);
        fc.localTimes.set(timeZone, local);
      }
      fc.open[number] = isOpenHours(hours, local) ? 1 : 2;
    }
    if (fc.open[number] === 2) return false;
  }
  if (q.remote && !(flags & FLAG.remote)) return false;
  if (q.noPoliceReport && flags & FLAG.policeReport) return false;
  if (q.generalService && !(flags & FLAG.generalService)) return false;
  return true;
}

function compactTextOf(d: IndexedService): string {
  d.compactText ??= compact(d.searchableText());
  return d.compactText;
}

/** A listing serves a place when it serves that place, a place inside it, or the region around it. */
function servesPlace(d: IndexedService, place: string, ancestors: string[], inside: string): boolean {
  if (d.places.has(place) || ancestors.some((a) => d.places.has(a))) return true;
  for (const p of d.placeList) if (p.startsWith(inside)) return true;
  return false;
}

/** Merges ascending lists of document numbers into one ascending list without repeats. */
function mergeSorted(lists: number[][]): number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0] as number[];
  const all = nonEmpty.flat().sort((a, b) => a - b);
  return all.filter((doc, i) => i === 0 || doc !== all[i - 1]);
}

function pushToSet(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** "TH-50-01" → ["TH", "TH-50", "TH-50-01"] */
export function placeAndAncestors(placeId: string): string[] {
  const parts = placeId.split('-');
  return parts.map((_, i) => parts.slice(0, i + 1).join('-'));
}

/** A service for a whole country matches a district in it, and a district service matches its country. */
export function placesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The first `k` of `items` in the order `before` gives (negative: a comes first), as sorting them
 * all would give them when the order is total, in O(n log k): a heap holds the best k so far
 * with the last of them on top.
 */
export function firstInOrder(items: number[], k: number, before: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  // Sorting is as quick when most of the items are wanted.
  if (k * 4 >= items.length) return items.slice().sort(before).slice(0, k);
  const heap: number[] = [];
  const later = (i: number, j: number) => before(heap[i] as number, heap[j] as number) > 0;
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!later(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (before(item, heap[0] as number) < 0) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let last = i;
        if (l < k && later(l, last)) last = l;
        if (r < k && later(r, last)) last = r;
        if (last === i) break;
        swap(i, last);
        i = last;
      }
    }
  }
  return heap.sort(before);
}

/**
 * `docs` (in name order) with the nearest first and name order kept within the same nearness,
 * up to `k` of them: the listings are grouped by nearness, which takes a few values only.
 */
function byNearness(docs: number[], nearnessOf: (doc: number) => number, k: number): number[] {
  const groups = new Map<number, number[]>();
  for (const doc of docs) {
    const near = nearnessOf(doc);
    const group = groups.get(near);
    if (group) group.push(doc);
    else groups.set(near, [doc]);
  }
  const out: number[] = [];
  for (const near of [...groups.keys()].sort((a, b) => b - a)) {
    for (const doc of groups.get(near) as number[]) {
      if (out.length >= k) return out;
      out.push(doc);
    }
  }
  return out;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(n) ? Math.trunc(n) : min));
}
