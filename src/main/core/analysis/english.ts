/**
 * English words for the analyser: Snowball (Porter2) stems and a stop list, as a maintained
 * search library analyses English. Words come in normalised (NFKC, lower case). Only this file
 * loads snowball-stemmers.
 */
import { lazyPackage } from '../workers/lazy-package';

type Stemmer = { stem(word: string): string };
/** Loaded on the first English word: the package holds every language (870 KB to compile), and a Japanese query needs none. */
const snowball = lazyPackage<{ newStemmer(language: string): Stemmer }>('snowball-stemmers');
let stemmer: Stemmer | undefined;
const englishStemmer = (): Stemmer => (stemmer ??= snowball().newStemmer('english'));

/**
 * Snowball's English stop list, with the leftovers of split contractions (party’s → party, s)
 * and the question words a checklist item starts with. Negations stay out of it: "without
 * cause" and "not assign" are what a contract clause says.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'i',
  'me',
  'my',
  'myself',
  'we',
  'our',
  'ours',
  'ourselves',
  'you',
  'your',
  'yours',
  'yourself',
  'yourselves',
  'he',
  'him',
  'his',
  'himself',
  'she',
  'her',
  'hers',
  'herself',
  'it',
  'its',
  'itself',
  'they',
  'them',
  'their',
  'theirs',
  'themselves',
  'what',
  'which',
  'who',
  'whom',
  'this',
  'that',
  'these',
  'those',
  'am',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'have',
  'has',
  'had',
  'having',
  'do',
  'does',
  'did',
  'doing',
  'would',
  'should',
  'could',
  'ought',
  'a',
  'an',
  'the',
  'and',
  'but',
  'if',
  'or',
  'because',
  'as',
  'until',
  'while',
  'of',
  'at',
  'by',
  'for',
  'with',
  'about',
  'between',
  'into',
  'through',
  'during',
  'before',
  'after',
  'above',
  'below',
  'to',
  'from',
  'up',
  'down',
  'in',
  'out',
  'on',
  'off',
  'over',
  'under',
  'again',
  'further',
  'then',
  'once',
  'here',
  'there',
  'when',
  'where',
  'why',
  'how',
  'all',
  'any',
  'both',
  'each',
  'few',
  'more',
  'most',
  'other',
  'some',
  'such',
  'only',
  'own',
  'same',
  'so',
  'than',
  'too',
  'very',
  's',
  't',
  'd',
  'll',
  're',
  've',
  'm',
  'can',
  'just',
  'also',
  'whether',
  'etc',
  'e.g',
  'i.e',
]);

const STEM_CACHE_LIMIT = 50_000;
const stems = new Map<string, string>();

/** The Snowball English stem of a lower-case word (cached: a corpus repeats its words). */
export function stemEnglish(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = word.length <= 2 ? word : englishStemmer().stem(word);
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}
