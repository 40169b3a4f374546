/**
 * The one analyser used for both index and query: normalised text, identifiers kept whole,
 * English words as Snowball stems without stop words, kuromoji base forms of content words for
 * the rest. Its version is stored with each document (indexer/index-rows.ts, INDEX_VERSION);
 * any change to what `terms` returns must bump ANALYZER_VERSION so that libraries re-analyse
 * (a change to the text or chunks they analyse bumps text/text-version.ts instead).
 */
import { LEGAL_PART, identifierPattern } from '../text/identifiers';
import { normalizeForSearch } from '../text/normalize';
import { ENGLISH_STOP_WORDS, stemEnglish } from './english';
import { loadMorphTokenizer, type DictionaryFiles, type MorphToken, type MorphTokenizer } from './kuromoji';

export { dictionaryFiles, loadedDictionaryFiles, type DictionaryFiles } from './kuromoji';

export const ANALYZER_VERSION = 'ja-kuromoji-en-snowball-ident-address-3';

export interface Analyzer {
  readonly version: string;
  /** Search terms of a text, in order (duplicates kept: BM25 counts them). */
  terms(text: string): string[];
  /** Normalised surface strings worth highlighting in a passage for this query. */
  highlightTerms(query: string): string[];
}

/**
 * Identifiers that must stay whole (text/identifiers.ts) on the lower-cased copy. A standard
 * ("iso 9001") is indexed as its two parts, so that "ISO9001" and "ISO 9001" still meet.
 */
const IDENTIFIER = identifierPattern({ ignoreCase: true });
const DATE_PART = /[0-9]+[年月日]/gu;
const CODE_SEPARATOR = /[-_.×/:+#]/u;
const LETTER_OR_DIGIT_RUN = /[a-z]+|[0-9]+/gu;

/** Parts of speech that carry no content (particles, auxiliaries, symbols…). */
const CONTENT_POS = new Set(['名詞', '動詞', '形容詞', '副詞', '連体詞', '接頭詞']);
/** Second-level POS that are grammatical even under a content POS (こと, これ, いる…). */
const NON_CONTENT_POS1 = new Set(['非自立', '代名詞', '接尾']);
/** Light verbs and question words: they appear everywhere or only in questions (English: english.ts). */
const STOP_TERMS = new Set([
  'する',
  'ある',
  'いる',
  'なる',
  'できる',
  'おる',
  'いう',
  'れる',
  'られる',
  'せる',
  'させる',
  'くる',
  'いく',
  'よう',
  'そう',
  'どう',
  'なぜ',
  'どんな',
  'どの',
  'どれ',
  'どこ',
  'いつ',
  'だれ',
  '誰',
  '何',
  'なに',
  'なん',
  'いくつ',
  'いくら',
  'この',
  'その',
  'あの',
  'ある',
]);
const ENGLISH_WORD = /^[a-z]+$/;

function isStop(term: string): boolean {
  return STOP_TERMS.has(term) || ENGLISH_STOP_WORDS.has(term);
}

/** A Latin-letter word as its stem (nothing for a stop word); digits and mixed runs as they are. */
function wordTerm(word: string): string | undefined {
  if (isStop(word)) return undefined;
  return ENGLISH_WORD.test(word) ? stemEnglish(word) : word;
}
const HIRAGANA_ONLY_SHORT = /^[\u3040-\u309f]{1}$/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

function isContent(token: MorphToken): boolean {
  if (!CONTENT_POS.has(token.pos)) return false;
  // Suffixes like 性/化/的 are content in 安全性, but counters and pure grammar suffixes are not.
  if (NON_CONTENT_POS1.has(token.pos1) && !(token.pos1 === '接尾' && /\p{Script=Han}/u.test(token.surface))) return false;
  if (STOP_TERMS.has(token.base)) return false;
  if (HIRAGANA_ONLY_SHORT.test(token.base)) return false;
  return HAS_WORD_CHAR.test(token.base);
}

function identifierTerms(identifier: string): string[] {
  let parts: string[];
  if (identifier.startsWith('第')) parts = identifier.match(LEGAL_PART) ?? [];
  else if (/[年月日]/u.test(identifier)) parts = identifier.match(DATE_PART) ?? [];
  else {
    // A plain English word: its stem (governed, governs → govern), or nothing for a stop word.
    if (ENGLISH_WORD.test(identifier)) {
      const term = wordTerm(identifier);
      return term === undefined ? [] : [term];
    }
    // e-203 → e, 203; iso9001 → iso, 9001: so "ISO9001" and "ISO 9001" still meet. The parts of
    // a hyphenated word are stemmed (non-compete → non-compete, non, compet).
    parts = identifier
      .split(CODE_SEPARATOR)
      .flatMap((part) => part.match(LETTER_OR_DIGIT_RUN) ?? [])
      .flatMap((part) => wordTerm(part) ?? []);
  }
  const terms = [identifier, ...new Set(parts.filter((part) => part !== identifier))];
  return terms.filter((t) => !isStop(t));
}

export function createAnalyzer(tokenize: MorphTokenizer): Analyzer {
  /** Walks normalised text: identifiers whole, the gaps through kuromoji. */
  function walk(text: string, onIdentifier: (id: string) => void, onGap: (gap: string) => void): void {
    const normalized = normalizeForSearch(text);
    let last = 0;
    for (const match of normalized.matchAll(IDENTIFIER)) {
      if (match.index > last) onGap(normalized.slice(last, match.index));
      for (const part of match[0].split(' ')) onIdentifier(part);
      last = match.index + match[0].length;
    }
    if (last < normalized.length) onGap(normalized.slice(last));
  }

  return {
    version: ANALYZER_VERSION,
    terms(text) {
      const terms: string[] = [];
      walk(
        text,
        (id) => terms.push(...identifierTerms(id)),
        (gap) => {
          if (!HAS_WORD_CHAR.test(gap)) return;
          for (const token of tokenize(gap)) if (isContent(token)) terms.push(token.base);
        },
      );
      return terms;
    },
    highlightTerms(query) {
      const surfaces = new Set<string>();
      walk(
        query,
        (id) => {
          if (!isStop(id)) surfaces.add(id);
        },
        (gap) => {
          if (!HAS_WORD_CHAR.test(gap)) return;
          for (const token of tokenize(gap)) if (isContent(token)) surfaces.add(token.surface);
        },
      );
      return [...surfaces];
    },
  };
}

/** The analyser of this thread (its dictionary from `files`, shared by the thread that started it, or read now). */
export async function loadAnalyzer(files?: DictionaryFiles): Promise<Analyzer> {
  return createAnalyzer(await loadMorphTokenizer(files));
}
