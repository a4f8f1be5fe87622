import { beforeAll, describe, expect, it } from 'vitest';
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { exitUrlFor } from '../../functions/config.js';
import { configuredHelpline } from '../../functions/http/page-context.js';
import { type Service, ServiceSchema } from '../../functions/domain/directory/model.js';
import { DirectoryIndex } from '../../functions/domain/directory/search.js';
import { AREA_CODES, publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { SEARCH_TOKEN } from '../../functions/domain/directory/sealed-search.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import {
  ADDRESS_WORDS,
  findRevealingWords,
  REVEALING_WORDS,
  SERVICE_WORDS,
} from '../../functions/domain/discretion.js';
import { LOCALE_INFO, type Locale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { FAVICON_SVG } from '../../functions/http/favicon.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { CLEAR_SITE_DATA } from '../../functions/http/routes/info-routes.js';
import { NAMESPACES, RESOURCES } from '../../locales/index.js';
import type { AssetFile, WebAssets } from '../../web/assets.js';
import { pseudoLocaleEnabled, pseudoLocalize, translatorFor } from '../../web/i18n.js';
import { contactHref } from '../../web/components/contact-links.js';
import { FIXTURE_SERVICES, fixtureSnapshot } from '../fixtures/directory-fixture.js';
import { FAKE_WEB_ASSETS } from '../support/fake-assets.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

/**
 * Acceptance 2 of issue 7: every public page in every locale, rendered through the real app with
 * fakes, is checked for lang/dir, missing translation keys, revealing words in titles, URL paths
 * and meta tags, cookies, security headers, caching of personal pages, and URLs of other origins.
 *
 * Which URLs of another origin a page may contain (nothing else, anywhere in the HTML):
 * - the configured neutral exit page of the page's language, only as the quick-exit link's href;
 * - on a service page only, that service's own contact links exactly as contactHref() builds them
 *   from the directory: https://wa.me/<number> (WhatsApp), https://t.me/<handle> (Telegram) and
 *   the service's own https website (contact kind "web"), each only as an <a href>;
 * - on every page, the helpline's own live channels from configuration, built the same way.
 * tel:, sms: and mailto: links name no origin and are allowed wherever a number or address is
 * shown (service, results, card, urgent and form pages). Every src, action and other href must be
 * a path on this site ("/…") or a fragment ("#…"): no protocol-relative "//", no javascript:,
 * no data: URLs.
 */

const ISLAND_NAMES = ['quick-exit', 'near-me', 'request-form', 'offline-save', 'listen'] as const;
/** Stand-in assets with every public island, so the test sees which page loads which script. */
const WEB_ASSETS: WebAssets = {
  ...FAKE_WEB_ASSETS,
  scripts: Object.fromEntries(
    ISLAND_NAMES.map((name): [string, AssetFile] => [
      name,
      { path: `/assets/${name}-test.js`, content: 'void 0;', contentType: 'text/javascript; charset=utf-8' },
    ]),
  ),
};

/** A neutral page per language on an origin of its own, as a deployer would configure it. */
const EXIT_URLS: Record<Locale, string> = Object.fromEntries(
  SUPPORTED_LOCALES.map((l) => [l, `https://weather.example/${l}/today`]),
) as Record<Locale, string>;

/** A fixture service with one contact of every kind, so every contact link is exercised. */
const CONTACTS_SERVICE: Service = ServiceSchema.parse({
  id: 'th-contacts',
  organizationId: 'org-river',
  sample: true,
  cost: { free: true },
  name: { en: 'Harbour Desk', th: 'โต๊ะท่าเรือ' },
  description: { en: 'Advice by phone, chat and e-mail.', th: 'ให้คำแนะนำทางโทรศัพท์และแชต' },
  areas: ['health'],
  servesPlaces: ['TH-10-01'],
  locationIds: ['loc-clinic'],
  contacts: [
    { kind: 'phone', value: '+66 2000 0003' },
    { kind: 'sms', value: '+6620000003' },
    { kind: 'whatsapp', value: '+6620000003' },
    { kind: 'line', value: 'harbourdesk' },
    { kind: 'viber', value: '+6620000003' },
    { kind: 'telegram', value: '@harbour_desk' },
    { kind: 'signal', value: '+6620000003' },
    { kind: 'messenger', value: 'harbourdesk' },
    { kind: 'email', value: 'desk@harbour.example' },
    { kind: 'web', value: 'https://harbour.example/desk' },
  ],
  languages: ['th', 'en'],
});
const SERVICES = [...FIXTURE_SERVICES, CONTACTS_SERVICE];

function publicApp(env: Record<string, string> = {}) {
  const { deps } = fakePublicDeps({ env });
  const reference = deps.reference;
  const index = new DirectoryIndex({ ...fixtureSnapshot(), services: SERVICES }, searchVocabulary(reference));
  return {
    app: createPublicApp({
      ...deps,
      webAssets: WEB_ASSETS,
      services: async () => ({ ...(await deps.services()), directory: { get: async () => index } }),
    }),
    config: deps.config,
    countries: reference.countries.map((c) => c.id),
  };
}

interface PageSpec {
  path: string;
  method?: 'GET' | 'POST';
  /** A form's fields, for a POST. */
  form?: Record<string, string>;
  status: number;
  /** Personal: must never be stored by the browser or a CDN. */
  personal?: boolean;
}

/**
 * What people search for in these pages: words in several languages, a misspelling (the page then
 * offers the corrected words) and the words of an old link. None may end up in an address or title.
 */
const SEARCH_WORDS = ['clinic', 'shelter', 'sheltr', 'ที่พัก', 'ဥပဒေ', 'lawyer'];
/** A results address that is no longer kept (a token this server did not seal, or one expired). */
const EXPIRED_RESULTS = `/services/r/${'ab'.repeat(60)}`;

function publicPages(countries: string[]): PageSpec[] {
  const id = publicServiceId;
  return [
    { path: '/', status: 200 },
    { path: '/services', status: 200 },
    // The search form posts; the answer is a redirect to a sealed results address.
    { path: '/services', method: 'POST', form: { q: 'shelter' }, status: 200, personal: true },
    { path: '/services', method: 'POST', form: { q: 'ที่พัก', area: 'a1' }, status: 200, personal: true },
    { path: '/services', method: 'POST', form: { q: 'sheltr' }, status: 200, personal: true },
    { path: '/services', method: 'POST', form: { q: 'ဥပဒေ', place: 'MM' }, status: 200, personal: true },
    { path: '/services', method: 'POST', form: { q: '' }, status: 200 },
    // Old links with words: answered at a sealed address or under neutral codes.
    { path: '/services?q=clinic', status: 200, personal: true },
    { path: '/services?q=lawyer&area=legal', status: 200, personal: true },
    { path: '/services?area=housing&place=TH', status: 200, personal: true },
    { path: '/services?area=a2', status: 200, personal: true },
    { path: EXPIRED_RESULTS, status: 200, personal: true },
    { path: `/services/${id('th-shelter')}`, status: 200 },
    { path: `/services/${id('th-clinic')}`, status: 200 },
    { path: `/services/${id('th-contacts')}`, status: 200 },
    { path: '/services/th-shelter', status: 200 },
    { path: `/services/${id('th-clinic')}/report`, status: 200 },
    { path: '/services/th-clinic/report', status: 200 },
    { path: `/card?id=${id('th-shelter')}&id=${id('th-clinic')}`, status: 200, personal: true },
    { path: '/card?id=th-shelter&id=th-clinic', status: 200, personal: true },
    { path: '/urgent', status: 200 },
    ...countries.map((c) => ({ path: `/urgent?country=${c}`, status: 200 })),
    { path: '/help/request', status: 200, personal: true },
    { path: '/help/status', status: 200, personal: true },
    { path: '/follow-up', status: 200, personal: true },
    { path: '/follow-up/manage', status: 200, personal: true },
    { path: '/safety', status: 200 },
    { path: '/safety/remove-saved', method: 'POST' as const, status: 200, personal: true },
    { path: '/families', status: 200 },
    { path: '/rights', status: 200 },
    ...countries.map((c) => ({ path: `/rights?country=${c}`, status: 200 })),
    { path: '/services?area=spaceships', status: 400 },
    { path: '/no-such-page', status: 404 },
  ];
}

interface Rendered {
  locale: Locale;
  spec: PageSpec;
  /** Where the page was finally answered, after same-site redirects (the address in the history). */
  url: string;
  /** Every address the answer sent the browser to on the way (each redirect's Location). */
  chain: string[];
  status: number;
  headers: Headers;
  html: string;
}

// ---------------------------------------------------------------------------------------------
// Small HTML helpers. Preact's output is regular: attributes are double-quoted and escaped.

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

interface Attribute {
  tag: string;
  name: string;
  value: string;
  /** The whole start tag, for messages and for looking at sibling attributes. */
  element: string;
}

function attributes(html: string): Attribute[] {
  const out: Attribute[] = [];
  for (const tagMatch of html.matchAll(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g)) {
    const tag = (tagMatch[1] ?? '').toLowerCase();
    const rest = tagMatch[2] ?? '';
    for (const a of rest.matchAll(/([^\s"'=<>/]+)(?:="([^"]*)")?/g)) {
      out.push({
        tag,
        name: (a[1] ?? '').toLowerCase(),
        value: decodeEntities(a[2] ?? ''),
        element: tagMatch[0],
      });
    }
  }
  return out;
}

/** The text a person reads: without style and script elements and without tags. */
function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<style[^>]*>[\s\S]*?<\/style>/gi, ' ')
      .replace(/<script[^>]*>[\s\S]*?<\/script>/gi, ' ')
      .replace(/<[^>]+>/g, '\n'),
  );
}

function titleOf(html: string): string {
  return decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

/** Attributes whose values are words for people (not ids, names or URLs). */
const READABLE_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'aria-label', 'content', 'label']);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'srcset',
  'poster',
  'data',
  'cite',
  'ping',
  'background',
  'xlink:href',
]);

// ---------------------------------------------------------------------------------------------
// The checks. Each returns readable problems; an empty list means the page passes.

const NAMESPACE_PREFIX = new RegExp(`\\b(?:${NAMESPACES.join('|')}):[A-Za-z]`);
/** What i18next echoes for a missing key ("safety.title", "areas.zzz"): a dotted identifier. */
const DOTTED_KEY = /^[a-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+$/;

function missingKeyProblems(html: string): string[] {
  const problems: string[] = [];
  const readable = attributes(html)
    .filter((a) => READABLE_ATTRIBUTES.has(a.name) || a.name.startsWith('data-'))
    .map((a) => a.value);
  for (const text of [visibleText(html), ...readable]) {
    if (NAMESPACE_PREFIX.test(text)) problems.push(`namespaced key in "${text.trim().slice(0, 80)}"`);
    if (/returned an object instead of string/.test(text)) problems.push(`object key: "${text.trim()}"`);
    for (const raw of text.split(/\s+/)) {
      const token = raw.replace(/^[(“"']+|[)”"'.,;:!?]+$/g, '');
      if (token && DOTTED_KEY.test(token)) problems.push(`untranslated key "${token}"`);
    }
  }
  return problems;
}

function revealingIn(where: string, text: string, words = ADDRESS_WORDS): string[] {
  return findRevealingWords(text, words).map(
    (m) => `${where} contains "${m.word}" (${m.locale}): ${text.slice(0, 120)}`,
  );
}

/**
 * Titles, addresses (of the page, of its links and forms, of every redirect on the way) and meta
 * tags are checked against every word of discretion.ts (ADDRESS_WORDS); headings, which must say
 * what a service offers, against the words that are never shown at all (REVEALING_WORDS).
 */
function revealingWordProblems(html: string, requestPath: string, chain: string[] = []): string[] {
  const problems = [...revealingIn('<title>', titleOf(html)), ...revealingIn('request path', requestPath)];
  for (const address of chain) problems.push(...revealingIn('address on the way', decoded(address)));
  // Headings are read at a glance over someone's shoulder: discretion.ts keeps them neutral too.
  for (const m of html.matchAll(/<(h[1-6]|summary)\b[^>]*>([\s\S]*?)<\/\1>/g))
    problems.push(...revealingIn(`<${m[1]}>`, visibleText(m[2] ?? '').trim(), REVEALING_WORDS));
  for (const a of attributes(html)) {
    if (a.tag === 'meta' && a.name === 'content') problems.push(...revealingIn('<meta content>', a.value));
    if (URL_ATTRIBUTES.has(a.name)) {
      let decoded = a.value;
      try {
        decoded = decodeURIComponent(a.value);
      } catch {
        problems.push(`badly encoded URL ${a.value}`);
      }
      problems.push(...revealingIn(`${a.name} URL`, decoded));
    }
  }
  return problems;
}

/** A text of locales/<lang>/directory.json as the page shows it (fallback chain and digits included). */
async function directoryText(
  locale: Locale,
  group: string,
  key: string,
  values?: Record<string, unknown>,
): Promise<string> {
  return (await translatorFor(locale, 'directory'))(`${group}.${key}`, values);
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}

/** What a directory page must never spell out in a title, an address or a history entry. */
interface Telling {
  /** Every listing's name in every language, and its listing id (its old address). */
  names: string[];
  ids: string[];
  /** Every service area's and sub-type's label in every language, and the area ids. */
  areaLabels: string[];
  areaIds: string[];
  /** The words searched for on these pages. */
  searchWords: string[];
}

function tellingWords(services: readonly Service[]): Telling {
  const labels = (locale: Locale) => RESOURCES[locale].directory as unknown as Record<string, unknown>;
  const areaLabels = SUPPORTED_LOCALES.flatMap((locale) => {
    const dir = labels(locale);
    // A partly translated locale (Shan, Karen) shows its fallback's labels, which the other locales cover.
    const areas = Object.values((dir.areas ?? {}) as Record<string, string>);
    const subtypes = Object.values((dir.subtypes ?? {}) as Record<string, Record<string, string>>).flatMap(
      (s) => Object.values(s),
    );
    return [...areas, ...subtypes];
  });
  return {
    names: services.flatMap((s) => Object.values(s.name)),
    ids: services.map((s) => s.id),
    areaLabels,
    areaIds: [...AREAS],
    searchWords: SEARCH_WORDS,
  };
}

/**
 * Acceptance 3 of issue 17: no title, no address of a link or form, no redirect on the way and no
 * address left in the history names a listing, a service area or a search word. Area ids are looked
 * for in directory addresses only (the segments after /services and the query values), since
 * /safety is the site's own page about staying safe; everything else anywhere in the address.
 */
function tellingProblems(page: { html: string; chain: string[]; url?: string }, telling: Telling): string[] {
  const problems: string[] = [];
  const title = titleOf(page.html);
  const urls = [
    ...page.chain,
    ...(page.url ? [page.url] : []),
    ...attributes(page.html)
      .filter((a) => URL_ATTRIBUTES.has(a.name))
      .map((a) => a.value),
  ];
  const lower = (t: string) => t.normalize('NFC').toLowerCase();
  const phrases: [string, string[]][] = [
    ['a listing name', telling.names],
    ['an area label', telling.areaLabels],
    ['a search word', telling.searchWords],
  ];
  for (const [what, list] of phrases)
    for (const word of list) {
      if (lower(title).includes(lower(word))) problems.push(`<title> contains ${what} "${word}": ${title}`);
      for (const url of urls)
        if (lower(decoded(url)).includes(lower(word)))
          problems.push(`address contains ${what} "${word}": ${url}`);
    }
  for (const url of urls) {
    if (/^(?:tel|sms|mailto|https?):/.test(url)) continue;
    const parsed = new URL(url, 'https://site.example');
    const after = parsed.pathname.split('/services/')[1]?.split('/') ?? [];
    const tokens = [...after, ...[...parsed.searchParams.values()].flatMap((v) => v.split(/[&=]/))];
    for (const token of tokens) {
      if (telling.ids.includes(token)) problems.push(`address contains the listing id "${token}": ${url}`);
      if (telling.areaIds.includes(token)) problems.push(`address contains the area id "${token}": ${url}`);
    }
  }
  return problems;
}

function foreignUrlProblems(html: string, exitUrl: string, contactUrls: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const allowedAbsolute = new Set([exitUrl, ...contactUrls]);
  for (const a of attributes(html)) {
    if (!URL_ATTRIBUTES.has(a.name)) continue;
    const v = a.value;
    const quickExit = a.element.includes('data-quick-exit');
    if (a.tag === 'a' && a.name === 'href' && quickExit) {
      if (v !== exitUrl) problems.push(`quick exit goes to ${v}, not the configured ${exitUrl}`);
      if (!/rel="[^"]*noreferrer/.test(a.element)) problems.push('quick exit link lacks rel="noreferrer"');
      continue;
    }
    if (v.startsWith('#') || (v.startsWith('/') && !v.startsWith('//'))) continue;
    if (a.tag === 'a' && a.name === 'href' && /^(?:tel|sms|mailto):[^/]/.test(v)) continue;
    if (a.tag === 'a' && a.name === 'href' && contactUrls.has(v) && v !== exitUrl) continue;
    problems.push(`<${a.tag} ${a.name}="${v}"> points outside this site`);
  }
  // Anywhere else in the document (text, inline CSS, other attributes): only the allowed URLs.
  for (const m of decodeEntities(html).matchAll(/(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>)`]+/gi)) {
    if (!allowedAbsolute.has(m[0])) problems.push(`URL of another origin in the HTML: ${m[0]}`);
  }
  return problems;
}

function headerProblems(headers: Headers, cssHash: string): string[] {
  const problems: string[] = [];
  const csp = headers.get('content-security-policy') ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name as string, values]),
  );
  if (!csp) problems.push('no Content-Security-Policy');
  // Sources are only 'none', 'self' and hashes (images also data:): no host, scheme or wildcard.
  for (const [name, values] of directives)
    for (const value of values)
      if (
        !/^'(?:none|self|sha256-[A-Za-z0-9+/]+=*)'$/.test(value) &&
        !(name === 'img-src' && value === 'data:')
      )
        problems.push(`CSP ${name} allows ${value}`);
  if (directives.get('default-src')?.join(' ') !== "'none'") problems.push('CSP default-src is not none');
  if (directives.get('script-src')?.join(' ') !== "'self'") problems.push('CSP script-src is not only self');
  if (directives.get('style-src')?.join(' ') !== cssHash) problems.push('CSP style-src is not the CSS hash');
  if (directives.get('frame-ancestors')?.join(' ') !== "'none'")
    problems.push("CSP lacks frame-ancestors 'none'");
  if (directives.get('base-uri')?.join(' ') !== "'none'") problems.push("CSP lacks base-uri 'none'");
  if (directives.get('form-action')?.join(' ') !== "'self'")
    problems.push('CSP form-action is not only self');
  if (headers.get('referrer-policy') !== 'no-referrer') problems.push('Referrer-Policy is not no-referrer');
  if (headers.get('x-content-type-options') !== 'nosniff')
    problems.push('X-Content-Type-Options is not nosniff');
  const permissions = headers.get('permissions-policy') ?? '';
  // Only geolocation is used ("sort by distance", in the browser, on our own origin).
  for (const feature of ['camera=()', 'microphone=()', 'payment=()', 'usb=()', 'geolocation=(self)'])
    if (!permissions.split(/,\s*/).includes(feature)) problems.push(`Permissions-Policy lacks ${feature}`);
  if (headers.get('set-cookie') !== null || headers.getSetCookie().length > 0) problems.push('sets a cookie');
  return problems;
}

/** General pages may be cached briefly; nothing is cached for long, and nothing personal at all. */
function cacheProblems(headers: Headers, personal: boolean): string[] {
  const cc = headers.get('cache-control') ?? '';
  if (personal) return cc === 'no-store' ? [] : [`personal page cached: Cache-Control "${cc}"`];
  if (cc === 'no-store') return [];
  const maxAges = [...cc.matchAll(/(?:s-)?max-age=(\d+)/g)].map((m) => Number(m[1]));
  return maxAges.length && maxAges.every((s) => s <= 300) ? [] : [`Cache-Control "${cc}"`];
}

function scriptProblems(html: string, path: string): string[] {
  const problems: string[] = [];
  if (/<script(?![^>]*\ssrc=")[^>]*>/.test(html)) problems.push('inline <script>');
  if (/<[^>]+\son[a-z]+=/i.test(html)) problems.push('inline event handler');
  for (const m of html.matchAll(/<style>([\s\S]*?)<\/style>/g))
    if (m[1] !== WEB_ASSETS.css) problems.push('a <style> not covered by the CSP hash');
  const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
  if (!scripts.includes(WEB_ASSETS.scripts['quick-exit']?.path)) problems.push('no quick-exit island');
  // "Save for offline" registers a service worker only when asked, and only from the safety page.
  const offline = scripts.includes(WEB_ASSETS.scripts['offline-save']?.path);
  if (offline !== (path === '/safety'))
    problems.push(`offline-save island ${offline ? 'loaded' : 'missing'}`);
  // "Listen" arrives hidden and only its island shows it: the control and the island come together.
  const listen = scripts.includes(WEB_ASSETS.scripts.listen?.path);
  if (listen !== /\sdata-listen[\s=>]/.test(html))
    problems.push(listen ? 'listen island without its control' : 'listen control without its island');
  if (html.includes('/sw.js')) problems.push('the page refers to the service worker itself');
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('discretion: the detectors really detect', () => {
  it('finds revealing words in several languages and scripts, case-insensitively', () => {
    expect(findRevealingWords('Help for TRAFFICKING survivors').map((m) => m.word)).toContain('traffick');
    expect(findRevealingWords('ช่วยเหลือผู้เสียหายจากการค้ามนุษย์').length).toBeGreaterThan(0);
    expect(findRevealingWords('ជនរងគ្រោះ').length).toBeGreaterThan(0);
    expect(findRevealingWords('Bantuan untuk korban')).toEqual([{ locale: 'id', word: 'korban' }]);
    expect(findRevealingWords('Find support that fits you')).toEqual([]);
    for (const locale of SUPPORTED_LOCALES) expect(REVEALING_WORDS[locale].length).toBeGreaterThan(0);
  });

  it('knows, in every language, the words that say what a service is, for titles and addresses', () => {
    for (const locale of SUPPORTED_LOCALES) {
      expect(SERVICE_WORDS[locale].length, locale).toBeGreaterThan(2);
      expect(ADDRESS_WORDS[locale]).toEqual([...REVEALING_WORDS[locale], ...SERVICE_WORDS[locale]]);
    }
    expect(findRevealingWords('Harbour Light emergency shelter', ADDRESS_WORDS)).toEqual([
      { locale: 'en', word: 'shelter' },
    ]);
    expect(findRevealingWords('บ้านพักปลอดภัยภาคเหนือ', ADDRESS_WORDS).length).toBeGreaterThan(0);
    expect(findRevealingWords('Harbour Light emergency shelter')).toEqual([]);
  });

  it('finds listing names, area words, listing ids and search words in titles and addresses', () => {
    const telling = tellingWords(SERVICES);
    const page = {
      html:
        '<title>North Safe Stay · Waypoint</title><a href="/en/services/th-shelter">x</a>' +
        '<a href="/en/services?area=housing">y</a><form action="/en/services?q=clinic"></form>' +
        '<a href="/en/services?area=a1">z</a><a href="/en/safety">s</a>',
      chain: ['/en/services?q=%E0%B8%97%E0%B8%B5%E0%B9%88%E0%B8%9E%E0%B8%B1%E0%B8%81'],
    };
    const problems = tellingProblems(page, telling).join('\n');
    expect(problems).toContain('<title> contains a listing name "North Safe Stay"');
    expect(problems).toContain('the listing id "th-shelter"');
    expect(problems).toContain('the area id "housing"');
    expect(problems).toContain('a search word "clinic"');
    expect(problems).toContain('a search word "ที่พัก"');
    expect(problems).not.toContain('a1');
    expect(problems).not.toContain('/en/safety');
    const labelled = { html: '<title>A safe place to stay · Waypoint</title>', chain: [] };
    expect(tellingProblems(labelled, telling).join('\n')).toContain('an area label');
  });

  it('flags a broken page on every check', () => {
    const bad =
      '<html lang="en"><head><title>Victim support</title><meta name="description" content="for trafficked people"/>' +
      '<script>alert(1)</script><script src="https://cdn.example/x.js"></script></head><body>' +
      '<a class="quick-exit" href="https://en.wikipedia.org/" data-quick-exit>x</a>' +
      '<a href="/en/victims">safety.title</a><p>info:rights.title</p><img src="//tracker.example/p.gif"/>' +
      '<p>See https://elsewhere.example/page</p></body></html>';
    const keys = missingKeyProblems(bad).join('\n');
    expect(keys).toContain('untranslated key "safety.title"');
    expect(keys).toContain('namespaced key');
    expect(revealingWordProblems(bad, '/en/').join('\n')).toMatch(/<title>[\s\S]*meta[\s\S]*href URL/);
    const foreign = foreignUrlProblems(bad, 'https://weather.example/en/today', new Set()).join('\n');
    for (const part of [
      'quick exit goes to',
      'noreferrer',
      'cdn.example',
      'tracker.example',
      'elsewhere.example',
    ])
      expect(foreign).toContain(part);
    expect(scriptProblems(bad, '/').join('\n')).toMatch(/inline <script>/);
    const h = new Headers({
      'content-security-policy': "default-src *; script-src 'unsafe-inline'",
      'set-cookie': 'a=1',
    });
    expect(headerProblems(h, WEB_ASSETS.cssHash).length).toBeGreaterThan(5);
    expect(cacheProblems(new Headers({ 'cache-control': 'public, max-age=600' }), true)).not.toEqual([]);
  });
});

describe('discretion: every public page in every locale', () => {
  const { app, config, countries } = publicApp({ EXIT_URLS: JSON.stringify(EXIT_URLS) });
  const pages = publicPages(countries);
  /** The helpline's own channel links, allowed on every page ("talk to someone now"). */
  const helplineLinks = configuredHelpline(config).channels.map((c) =>
    contactHref({ kind: c.kind, value: c.value }),
  );
  const rendered = new Map<Locale, Rendered[]>();
  const telling = tellingWords(SERVICES);

  beforeAll(async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const list: Rendered[] = [];
      for (const spec of pages) {
        // Same-site redirects are followed (a new form gets its own address first), as a browser does.
        let url = `/${locale}${spec.path}`;
        const chain: string[] = [];
        let res = await app.request(url, {
          method: spec.method ?? 'GET',
          ...(spec.form ? { body: new URLSearchParams(spec.form) } : {}),
        });
        for (let hops = 0; hops < 3 && res.status >= 301 && res.status <= 308; hops++) {
          const location = res.headers.get('location') ?? '';
          chain.push(location);
          if (!location.startsWith('/') || location.startsWith('//')) break;
          url = location;
          res = await app.request(url);
        }
        list.push({
          locale,
          spec,
          url,
          chain,
          status: res.status,
          headers: res.headers,
          html: await res.text(),
        });
      }
      rendered.set(locale, list);
    }
  });

  /** Runs one check over every page of a locale and reports all problems at once. */
  function everyPage(locale: Locale, check: (page: Rendered) => string[]): string {
    return (rendered.get(locale) ?? [])
      .flatMap((page) =>
        check(page).map(
          (p) =>
            `${page.spec.method ?? 'GET'} /${locale}${page.spec.path}${page.spec.form ? ` ${JSON.stringify(page.spec.form)}` : ''}: ${p}`,
        ),
      )
      .join('\n');
  }

  it('uses the configured exit page in every language', () => {
    for (const locale of SUPPORTED_LOCALES) expect(exitUrlFor(config, locale)).toBe(EXIT_URLS[locale]);
  });

  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    it('answers every page with the expected status and a complete document', () => {
      expect(
        everyPage(locale, (p) => [
          ...(p.status === p.spec.status ? [] : [`status ${p.status}, expected ${p.spec.status}`]),
          ...(p.html.startsWith('<!doctype html>') ? [] : ['not a complete HTML document']),
        ]),
      ).toBe('');
    });

    it('sets lang and dir on <html>', () => {
      const { code, dir } = LOCALE_INFO[locale];
      expect(
        everyPage(locale, (p) =>
          p.html.includes(`<html lang="${code}" dir="${dir}">`) ? [] : ['wrong <html lang dir>'],
        ),
      ).toBe('');
    });

    it('shows no missing translation key', () => {
      expect(everyPage(locale, (p) => missingKeyProblems(p.html))).toBe('');
    });

    it('has no revealing word in titles, URL paths, redirects, meta tags or headings', () => {
      expect(everyPage(locale, (p) => revealingWordProblems(p.html, p.url, p.chain))).toBe('');
    });

    it('names no listing, service area or search word in any title, address or history entry', () => {
      expect(everyPage(locale, (p) => tellingProblems(p, telling))).toBe('');
    });

    it('shows searches with words only at a sealed results address, and old addresses redirect', async () => {
      const pages = rendered.get(locale) ?? [];
      const sealed = new RegExp(`^/${locale}/services/r/([0-9a-f]+)$`);
      for (const p of pages.filter((x) => x.spec.form?.q || x.spec.path.includes('q='))) {
        expect(p.url, p.spec.path).toMatch(sealed);
        expect(SEARCH_TOKEN.test(sealed.exec(p.url)?.[1] ?? '')).toBe(true);
        expect(p.headers.get('cache-control')).toBe('no-store');
        // The words stay on screen, in the search box, and nowhere in an address.
        const words = p.spec.form?.q ?? new URLSearchParams(p.spec.path.split('?')[1]).get('q') ?? '';
        expect(p.html).toContain(`value="${words}"`);
      }
      const byPath = (path: string) => pages.find((x) => x.spec.path === path && !x.spec.form);
      expect(byPath('/services/th-shelter')?.url).toBe(
        `/${locale}/services/${publicServiceId('th-shelter')}`,
      );
      expect(byPath('/services?area=housing&place=TH')?.url).toBe(
        `/${locale}/services?area=${AREA_CODES.housing}&place=TH`,
      );
      expect(byPath('/card?id=th-shelter&id=th-clinic')?.url).toMatch(
        /\/card\?id=[0-9a-f]{12}&id=[0-9a-f]{12}$/,
      );
      // An expired results address: said kindly, with an empty search box.
      const expired = byPath(EXPIRED_RESULTS);
      expect(expired?.html).toContain(await directoryText(locale, 'results', 'expired'));
      expect(expired?.html).toMatch(/<input type="search" id="q" name="q" value(?:="")? /);
    });

    it('prints on the discreet card neither a listing’s name nor an area, only neutral labels', async () => {
      const card = (rendered.get(locale) ?? []).find((p) => /\/card\?id=[0-9a-f]{12}&/.test(p.url));
      const labels = [...(card?.html ?? '').matchAll(/<dt>([\s\S]*?)<\/dt>/g)].map((m) =>
        visibleText(m[1] ?? '').trim(),
      );
      expect(labels).toEqual(
        await Promise.all([1, 2].map((n) => directoryText(locale, 'card', 'neutralLabel', { n }))),
      );
      const main = visibleText(/<main[\s\S]*<\/main>/.exec(card?.html ?? '')?.[0] ?? '');
      for (const word of [...telling.names, ...telling.areaLabels]) expect(main).not.toContain(word);
      expect(findRevealingWords(main, ADDRESS_WORDS)).toEqual([]);
    });

    it('gives service pages one neutral title, the same for every service', async () => {
      const titles = new Set(
        (rendered.get(locale) ?? [])
          .filter((p) => /\/services\/[0-9a-f]{12}$/.test(p.url))
          .map((p) => titleOf(p.html)),
      );
      expect([...titles]).toEqual([
        `${await directoryText(locale, 'service', 'pageTitle')} · ${config.SITE_NAME}`,
      ]);
    });

    it('sends the security headers and never a cookie', () => {
      expect(everyPage(locale, (p) => headerProblems(p.headers, WEB_ASSETS.cssHash))).toBe('');
    });

    it('never lets a personal page be stored, and general pages only briefly', () => {
      expect(everyPage(locale, (p) => cacheProblems(p.headers, p.spec.personal ?? false))).toBe('');
    });

    it('contains no URL of another origin except the exit page and services’ own contact links', () => {
      const allContactUrls = new Set(
        SERVICES.flatMap((s) => s.contacts.map(contactHref)).filter(
          (u): u is string => !!u && u.includes('//'),
        ),
      );
      expect(allContactUrls).toEqual(
        new Set(['https://wa.me/6620000003', 'https://t.me/harbour_desk', 'https://harbour.example/desk']),
      );
      expect(
        everyPage(locale, (p) => {
          const serviceId = /^\/[\w-]+\/services\/([\w-]+)$/.exec(p.url)?.[1];
          const own =
            SERVICES.find((s) => publicServiceId(s.id) === serviceId)?.contacts.map(contactHref) ?? [];
          const contactUrls = new Set(
            [...own, ...helplineLinks].filter((u): u is string => !!u && u.includes('//')),
          );
          return foreignUrlProblems(p.html, EXIT_URLS[locale], contactUrls);
        }),
      ).toBe('');
    });

    it('runs no inline script, and offers offline saving only on the safety page', () => {
      expect(everyPage(locale, (p) => scriptProblems(p.html, p.spec.path))).toBe('');
    });
  });

  it('renders the service with every contact kind, so the allowed contact links were really seen', () => {
    const html =
      rendered.get('en')?.find((p) => p.spec.path === `/services/${publicServiceId('th-contacts')}`)?.html ??
      '';
    for (const url of [
      'https://wa.me/6620000003',
      'https://t.me/harbour_desk',
      'https://harbour.example/desk',
    ])
      expect(html).toContain(`href="${url}"`);
  });

  it('removes what this site saved with Clear-Site-Data, and stores nothing', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const page = rendered.get(locale)?.find((p) => p.spec.path === '/safety/remove-saved');
      expect(page?.headers.get('clear-site-data')).toBe(CLEAR_SITE_DATA);
    }
  });

  it('keeps the web app manifest and the favicon neutral', async () => {
    const res = await app.request('/manifest.webmanifest');
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as { name: string; short_name: string; start_url: string };
    expect(manifest.name).toBe(config.SITE_NAME);
    expect(manifest.short_name).toBe(config.SITE_NAME);
    expect(findRevealingWords(JSON.stringify(manifest))).toEqual([]);
    expect(headerProblems(res.headers, WEB_ASSETS.cssHash)).toEqual([]);
    expect(FAVICON_SVG).not.toMatch(/<text/);
    expect(findRevealingWords(FAVICON_SVG)).toEqual([]);
  });

  it('redirects without revealing anything or setting a cookie', async () => {
    for (const path of ['/', '/th']) {
      const res = await app.request(path, { headers: { 'Accept-Language': 'km' } });
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(findRevealingWords(res.headers.get('location') ?? '')).toEqual([]);
      expect(headerProblems(res.headers, WEB_ASSETS.cssHash)).toEqual([]);
    }
  });
});

describe('discretion with the default configuration', () => {
  it('goes to the default neutral page of each language and nowhere else', async () => {
    const { app, config } = publicApp();
    for (const locale of SUPPORTED_LOCALES) {
      const html = await (await app.request(`/${locale}/safety`)).text();
      expect(foreignUrlProblems(html, exitUrlFor(config, locale), new Set())).toEqual([]);
    }
  });

  it('keeps the site name neutral when a deployer changes it', async () => {
    const { app } = publicApp({ SITE_NAME: 'Compass' });
    const html = await (await app.request('/th/families')).text();
    expect(titleOf(html)).toMatch(/ · Compass$/);
    expect(revealingWordProblems(html, '/th/families')).toEqual([]);
  });
});

describe('pseudo-locale (development aid)', () => {
  it('accents, expands and brackets text so untranslated or clipped text stands out', () => {
    expect(pseudoLocalize('Leave this page')).toBe('⟦Ļéåṽé ţĥîš þåĝé······⟧');
    expect(pseudoLocalize('ไทย 3')).toMatch(/^⟦ไทย 3·+⟧$/);
  });

  it('is on only with PSEUDO_LOCALE=1 and never in production', () => {
    expect(pseudoLocaleEnabled({})).toBe(false);
    expect(pseudoLocaleEnabled({ PSEUDO_LOCALE: '1' })).toBe(true);
    expect(pseudoLocaleEnabled({ PSEUDO_LOCALE: '1', NODE_ENV: 'production' })).toBe(false);
  });
});
