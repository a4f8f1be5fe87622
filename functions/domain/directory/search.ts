import type { Locale } from '../locales.js';
import type { DirectorySnapshot, Service, ServedGroup } from './model.js';
import { isOpenAtLocal, localWeekdayAndMinutes } from './schedule.js';
import { AREA_SYNONYMS } from './synonyms.js';
import { AREAS, type AreaId } from './taxonomy.js';
import { compact, isUnspacedScript, words } from './text.js';

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
}

/** Extra words that identify areas and places (translated labels), supplied by the caller. */
export interface IndexVocabulary {
  areaLabels?: Partial<Record<AreaId, string[]>>;
  /** place id → its names in every language. */
  placeNames?: Map<string, string[]>;
}

/** The words of a listing's own texts (all languages), worked out when the listing is saved. */
export interface ServiceWords {
  name: string[];
  description: string[];
}

/** Segments a listing's name and description; stored with the listing so loading stays fast. */
export function serviceWords(service: Pick<Service, 'name' | 'description'>): ServiceWords {
  return {
    name: words(Object.values(service.name).join(' ')),
    description: words(Object.values(service.description).join(' ')),
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
  remote: boolean;
  languages: Set<string>;
  /** The places served, exactly as listed. */
  places: Set<string>;
}

/** Per-search values worked out once, not once per listing. */
interface FilterContext {
  query: SearchQuery;
  /** Strict ancestors of the place asked for: a service for a whole country covers its districts. */
  placeAncestors: string[];
  localTimes: Map<string, ReturnType<typeof localWeekdayAndMinutes>>;
  now: Date;
}

const FIELD_WEIGHT = { name: 5, organization: 2, area: 2, place: 2, description: 1 } as const;
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
  private readonly docsByArea = new Map<AreaId, number[]>();
  /** place id → documents serving that place or a place inside it */
  private readonly docsWithin = new Map<string, number[]>();
  /** place id → documents serving exactly that place */
  private readonly docsAt = new Map<string, number[]>();

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

    for (const service of active) {
      const doc = this.docs.length;
      this.byId.set(service.id, doc);
      // Area labels and place names are not repeated per listing: matchWord reaches them through
      // the area and place lists, which keeps building the index fast.
      const orgName = orgNames.get(service.organizationId) ?? '';
      const own = snapshot.words?.get(service.id) ?? serviceWords(service);
      for (const word of own.name) this.addPosting(word, doc, FIELD_WEIGHT.name);
      for (const word of cachedWords(orgName)) this.addPosting(word, doc, FIELD_WEIGHT.organization);
      for (const word of own.description) this.addPosting(word, doc, FIELD_WEIGHT.description);
      this.docs.push({
        service,
        searchableText: () =>
          [Object.values(service.name).join(' '), orgName, Object.values(service.description).join(' ')].join(
            ' ',
          ),
        remote: service.contacts.some((c) => REMOTE_KINDS.has(c.kind)),
        languages: new Set(service.languages.map((l) => l.toLowerCase().split('-')[0] ?? l)),
        places: new Set(service.servesPlaces),
      });
      for (const area of service.areas) this.docsByArea.get(area)?.push(doc);
      const within = new Set(service.servesPlaces.flatMap(placeAndAncestors));
      for (const place of within) pushTo(this.docsWithin, place, doc);
      for (const place of new Set(service.servesPlaces)) pushTo(this.docsAt, place, doc);
    }
    this.sortedTokens = [...this.postings.keys()].sort();

    for (const [place, names] of vocabulary.placeNames ?? []) {
      for (const name of names) {
        const nameWords = cachedWords(name);
        if (nameWords.length === 1) pushToSet(this.placeWords, nameWords[0] as string, place);
        else if (nameWords.length > 1) this.placePhrases.push({ words: nameWords, place });
      }
    }

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
   * Documents matching one query word, with the best weight per document written into `best`
   * (touched documents listed in `touched`): exact or prefix word matches, synonyms of service
   * areas, and a substring fallback for unspaced scripts.
   */
  private matchWord(word: string, queryWords: Set<string>, best: Float64Array, touched: number[]): void {
    const add = (doc: number, weight: number) => {
      if (best[doc] === 0) touched.push(doc);
      if (weight > (best[doc] as number)) best[doc] = weight;
    };

    const exact = this.postings.get(word);
    if (exact)
      for (let i = 0; i < exact.docs.length; i++)
        add(exact.docs[i] as number, (exact.weights[i] as number) + 1);
    // Prefix matches ("clin" → "clinic"), weighted below exact ones; one Latin letter is too little.
    const prefixStart =
      word.length >= 2 || isUnspacedScript(word)
        ? lowerBound(this.sortedTokens, word)
        : this.sortedTokens.length;
    for (let i = prefixStart; i < this.sortedTokens.length; i++) {
      const token = this.sortedTokens[i] as string;
      if (!token.startsWith(word)) break;
      if (token === word) continue;
      const posting = this.postings.get(token) as Posting;
      for (let j = 0; j < posting.docs.length; j++)
        add(posting.docs[j] as number, (posting.weights[j] as number) * 0.8);
    }
    const areas = new Set(this.synonymAreas.get(word) ?? []);
    for (const phrase of this.synonymPhrases) {
      if (phrase.words.includes(word) && phrase.words.every((w) => queryWords.has(w))) areas.add(phrase.area);
    }
    for (const area of areas) for (const doc of this.docsByArea.get(area) ?? []) add(doc, FIELD_WEIGHT.area);
    const places = new Set(this.placeWords.get(word) ?? []);
    for (const phrase of this.placePhrases) {
      if (phrase.words.includes(word) && phrase.words.every((w) => queryWords.has(w)))
        places.add(phrase.place);
    }
    for (const place of places)
      for (const doc of this.docsWithin.get(place) ?? []) add(doc, FIELD_WEIGHT.place);

    // Segmentation of a short query can differ from that of a long text: fall back to substring.
    if (touched.length === 0 && isUnspacedScript(word)) {
      for (let doc = 0; doc < this.docs.length; doc++) {
        if (compactTextOf(this.docs[doc] as IndexedService).includes(word)) add(doc, 1);
      }
    }
  }

  /** Free text plus filters, ranked: listings matching more of the words first, then by weight, then by name. */
  search(query: SearchQuery, now: Date = new Date()): SearchResult {
    const pageSize = clamp(query.pageSize ?? 20, 1, 100);
    const fc: FilterContext = {
      query,
      placeAncestors: query.place ? placeAndAncestors(query.place).slice(0, -1) : [],
      localTimes: new Map(),
      now,
    };
    const queryWords = query.text ? [...new Set(words(query.text))].slice(0, 12) : [];
    let ordered: { doc: number; score: number }[];

    if (queryWords.length > 0) {
      // Typed arrays instead of maps: a common word can match tens of thousands of listings.
      const n = this.docs.length;
      const matched = new Uint8Array(n);
      const score = new Float64Array(n);
      const best = new Float64Array(n);
      const candidates: number[] = [];
      const wordSet = new Set(queryWords);
      for (const word of queryWords) {
        const touched: number[] = [];
        this.matchWord(word, wordSet, best, touched);
        for (const doc of touched) {
          if (matched[doc] === 0) candidates.push(doc);
          matched[doc] = (matched[doc] as number) + 1;
          score[doc] = (score[doc] as number) + (best[doc] as number);
          best[doc] = 0;
        }
      }
      // In unspaced scripts a query's words may be split differently from the listing's: a listing
      // that contains the whole query as written counts as matching every word.
      if (query.text && queryWords.length > 1 && isUnspacedScript(query.text)) {
        const whole = compact(query.text);
        for (const doc of candidates) {
          if (compactTextOf(this.docs[doc] as IndexedService).includes(whole)) {
            matched[doc] = queryWords.length;
            score[doc] = (score[doc] as number) + 3;
          }
        }
      }
      const kept = candidates.filter((doc) => passesFilters(this.docs[doc] as IndexedService, fc));
      kept.sort(
        (a, b) =>
          (matched[b] as number) - (matched[a] as number) ||
          (score[b] as number) - (score[a] as number) ||
          a - b,
      );
      ordered = kept.map((doc) => ({ doc, score: score[doc] as number }));
    } else {
      // No words: the place or area filter picks the candidates straight from its lists, which
      // are already in document (name) order.
      let pool: Iterable<number> = this.docs.keys();
      const areaLists = (query.areas ?? []).map((area) => this.docsByArea.get(area) ?? []);
      const placeLists = query.place
        ? [this.docsWithin.get(query.place) ?? [], ...fc.placeAncestors.map((a) => this.docsAt.get(a) ?? [])]
        : [];
      const areaSize = areaLists.reduce((n, l) => n + l.length, 0);
      const placeSize = placeLists.reduce((n, l) => n + l.length, 0);
      if (query.place && (!query.areas?.length || placeSize <= areaSize)) pool = mergeSorted(placeLists);
      else if (query.areas?.length) pool = mergeSorted(areaLists);
      ordered = [];
      for (const doc of pool)
        if (passesFilters(this.docs[doc] as IndexedService, fc)) ordered.push({ doc, score: 0 });
    }

    const pages = Math.max(1, Math.ceil(ordered.length / pageSize));
    const page = clamp(query.page ?? 1, 1, pages);
    return {
      total: ordered.length,
      page,
      pageSize,
      pages,
      hits: ordered
        .slice((page - 1) * pageSize, page * pageSize)
        .map(({ doc, score }) => ({ service: (this.docs[doc] as IndexedService).service, score })),
    };
  }
}

function passesFilters(d: IndexedService, fc: FilterContext): boolean {
  const q = fc.query;
  const s = d.service;
  if (q.areas?.length && !q.areas.some((a) => s.areas.includes(a))) return false;
  if (q.place && !servesPlace(d, q.place, fc.placeAncestors)) return false;
  if (q.groups?.length && s.servesGroups.length > 0 && !q.groups.some((g) => s.servesGroups.includes(g)))
    return false;
  if (q.language && !d.languages.has(q.language.toLowerCase().split('-')[0] ?? q.language)) return false;
  if (q.free && !s.cost.free) return false;
  if (q.open24h && !s.schedule?.open24h) return false;
  if (q.openNow) {
    const schedule = s.schedule;
    if (!schedule) return false;
    let local = fc.localTimes.get(schedule.timeZone);
    if (!local) {
      local = localWeekdayAndMinutes(fc.now, schedule.timeZone);
      fc.localTimes.set(schedule.timeZone, local);
    }
    if (!isOpenAtLocal(schedule, local)) return false;
  }
  if (q.remote && !d.remote) return false;
  if (q.noPoliceReport && s.policeReportRequired) return false;
  if (q.generalService && !s.generalService) return false;
  return true;
}

function compactTextOf(d: IndexedService): string {
  d.compactText ??= compact(d.searchableText());
  return d.compactText;
}

/** A listing serves a place when it serves that place, a place inside it, or the region around it. */
function servesPlace(d: IndexedService, place: string, ancestors: string[]): boolean {
  if (d.places.has(place) || ancestors.some((a) => d.places.has(a))) return true;
  for (const p of d.places) if (p.startsWith(`${place}-`)) return true;
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

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(n) ? Math.trunc(n) : min));
}
