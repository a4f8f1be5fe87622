import type { Locale } from '../../locales.js';
import { once } from '../../once.js';
import { AREA_SYNONYMS } from '../synonyms.js';
import { AREAS, type AreaId } from '../taxonomy.js';
import { compact, isUnspacedScript, words } from '../text.js';

/** Areas of help found by keywords in texts of records that carry no Waypoint area term. */

/** Synonym lists used for keyword matching: Latin-script lists other than English (vi, id) are left
 * out because their short unaccented words ("no", "me", "con") are common English words. */
const KEYWORD_LOCALES: Locale[] = ['en', 'th', 'my', 'km', 'lo', 'zh-Hans'];
// Segmented on first use, not at cold start (the console loads the importer).
const KEYWORDS = once((): { area: AreaId; term: string; words: string[]; unspaced: boolean }[] =>
  AREAS.flatMap((area) =>
    [area.replace('-', ' '), ...KEYWORD_LOCALES.flatMap((l) => AREA_SYNONYMS[area][l])].map((term) => ({
      area,
      term: compact(term),
      words: words(term),
      unspaced: isUnspacedScript(term),
    })),
  ),
);

/** Areas whose synonyms occur in the texts; those with the most distinct matches. */
export function areasFromKeywords(texts: string[]): AreaId[] {
  const joined = texts.join('\n');
  const textWords = words(joined);
  const wordSet = new Set(textWords);
  const compactText = compact(joined);
  const score = new Map<AreaId, number>();
  for (const k of KEYWORDS()) {
    let hit = false;
    if (k.unspaced) hit = k.term.length > 0 && compactText.includes(k.term);
    else if (k.words.length === 1) hit = wordSet.has(k.words[0] as string);
    else if (k.words.length > 1) hit = containsSequence(textWords, k.words);
    if (hit) score.set(k.area, (score.get(k.area) ?? 0) + 1);
  }
  const best = Math.max(0, ...score.values());
  return best === 0 ? [] : AREAS.filter((a) => score.get(a) === best);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}
