/**
 * Checks each sentence of an answer against the passages it cites, by code: most of its content
 * terms must appear there, and every number and identifier (第12条第3項, E-203, 2024年4月1日,
 * v4.0) must appear verbatim after NFKC. A sentence that nothing supports is flagged.
 */
import type { Hit } from '../../../shared/types';
import { identifierPattern } from '../text/identifiers';
import { normalizeForSearch } from '../text/normalize';
import { splitSentences } from '../text/sentences';
import { findCitationMarkers, skipCitationMarkers, stripCitationMarkers } from './citations';
import type { Analyze } from './types';

export interface AnswerSentence {
  /** The sentence as written, with its citation markers. */
  text: string;
  start: number;
  end: number;
}

/**
 * The sentences of an answer or passage, split as chunks are (text/sentences.ts), with citation
 * markers right after the end mark (「…です。[1]」) and markers alone on a line kept with the
 * sentence before them.
 */
export function answerSentences(text: string): AnswerSentence[] {
  const sentences: AnswerSentence[] = [];
  for (const { start, end } of splitSentences(text, { trailing: skipCitationMarkers })) {
    const sentence = text.slice(start, end);
    const previous = sentences.at(-1);
    if (previous && !stripCitationMarkers(sentence).trim()) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
      continue;
    }
    sentences.push({ text: sentence, start, end });
  }
  return sentences;
}

/** The search normalisation (NFKC, lower case…) with runs of white space as one space: how identifiers are compared. */
export function normalizeForMatch(text: string): string {
  return normalizeForSearch(text).replace(/\s+/gu, ' ');
}

const IDENTIFIER = identifierPattern();

/** Numbers and identifiers a sentence states: each must appear verbatim in its sources. */
export function extractIdentifiers(text: string): string[] {
  const normalized = text.normalize('NFKC');
  const found = new Set<string>();
  for (const match of normalized.matchAll(IDENTIFIER)) {
    const id = match[0].replace(/[.:]+$/u, '');
    // Words without digits (e.g. "manual") are content terms, not identifiers; 第…条 always counts.
    if (id.startsWith('第') || /[0-9]/u.test(id)) found.add(id);
  }
  return [...found];
}

/** True when `id` occurs in `haystack` (both normalised) and is not part of a longer number or code. */
export function containsIdentifier(haystack: string, id: string): boolean {
  const needle = normalizeForMatch(id);
  const wordChar = /[0-9a-z]/u;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    const cutBefore = before !== undefined && wordChar.test(needle[0]!) && wordChar.test(before);
    const cutAfter = after !== undefined && /[0-9]/u.test(needle.at(-1)!) && /[0-9]/u.test(after);
    if (!cutBefore && !cutAfter) return true;
  }
  return false;
}

const LIST_PREFIX = /^\s*(?:[-*・•●▪]\uFE0E?|\d{1,3}[.)．）]|[（(]\d{1,3}[)）]|[①-⑳])\s*/u;

/** The sentence without citation markers, list bullets and Markdown emphasis. */
export function plainSentence(sentence: string): string {
  return stripCitationMarkers(sentence)
    .replace(LIST_PREFIX, '')
    .replace(/[*_`#>]+/gu, '')
    .trim();
}

/** Distinct content terms of a text, as the analyser gives them, without bare punctuation. */
export function contentTerms(analyze: Analyze, text: string): string[] {
  return [
    ...new Set(
      analyze(text)
        .map((t) => normalizeForMatch(t).trim())
        .filter((t) => /[\p{L}\p{N}]/u.test(t)),
    ),
  ];
}

const NOT_IN_DOCUMENTS = [
  /資料に(?:は)?(?:記載|記述|情報)(?:が|は)?(?:あり|され(?:て)?い)?(?:ません|ない)/u,
  /\bdocuments? (?:do(?:es)? not|don't) (?:say|mention|contain|cover)/iu,
];

export type SupportReason = 'supported' | 'not-a-claim' | 'no-citation' | 'identifier-missing' | 'low-overlap' | 'changed-quote';

export interface SentenceSupport {
  /** The sentence without markers. */
  sentence: string;
  /** Passage numbers it cites (only numbers that exist). */
  citations: number[];
  supported: boolean;
  reason: SupportReason;
  /** Share of its content terms found in the cited passages (1 when it has none). */
  coverage: number;
  missingTerms: string[];
  missingIdentifiers: string[];
}

export interface SupportOptions {
  /** The engine's analyser (tests pass a simple one). */
  analyze: Analyze;
  /** Least share of a sentence's content terms that must appear in its cited passages. Default 0.6. */
  minCoverage?: number;
}

export interface SupportReport {
  sentences: SentenceSupport[];
  /** Sentences flagged as not supported, as shown to the user. */
  unsupported: string[];
  /** For each cited passage number, its sentence that best matches what cites it. */
  quotes: Map<number, string>;
}

interface PassageView {
  text: string;
  terms: Set<string>;
  sentences: Array<{ text: string; terms: Set<string> }>;
}

/** Share of a sentence that must read as in a passage sentence (same start and end) for it to count as a copy of it. */
const NEAR_COPY = 0.6;

/** Length of the common start of two strings. */
function commonStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * A passage sentence copied with a part changed: "梅雨がないのは北海道と東アジアである" against
 * "…北海道と小笠原諸島である". It starts and ends as the passage sentence does, and the changed
 * middle holds a term that no cited passage has (measured: planted swapped facts passed the
 * coverage check 16 times out of 17). A paraphrase does not share the source's start and end.
 */
function changedQuote(sentence: string, missingTerms: string[], cited: PassageView[]): boolean {
  if (missingTerms.length === 0) return false;
  const a = normalizeForMatch(sentence).replace(/[。．.]$/u, '');
  return cited.some((v) =>
    v.sentences.some((s) => {
      const b = normalizeForMatch(plainSentence(s.text)).replace(/[。．.]$/u, '');
      const start = commonStart(a, b);
      const end = commonStart([...a.slice(start)].reverse().join(''), [...b.slice(start)].reverse().join(''));
      if (start + end < NEAR_COPY * a.length || start + end >= a.length) return false;
      const middle = a.slice(start, a.length - end);
      return missingTerms.some((t) => middle.includes(t) || t.includes(middle));
    }),
  );
}

/**
 * Checks every sentence of `answer` against the passages it cites; `passages[n - 1]` is passage [n].
 * Sentences that state nothing checkable ("資料には記載がありません", headings without content)
 * are not flagged.
 */
export function checkSupport(answer: string, passages: Hit[], options: SupportOptions): SupportReport {
  const { analyze, minCoverage = 0.6 } = options;
  const views = new Map<number, PassageView>();
  const view = (n: number): PassageView => {
    let v = views.get(n);
    if (!v) {
      const text = passages[n - 1]!.text;
      v = {
        text: normalizeForMatch(text),
        terms: new Set(contentTerms(analyze, text)),
        sentences: answerSentences(text).map((s) => ({ text: s.text, terms: new Set(contentTerms(analyze, s.text)) })),
      };
      views.set(n, v);
    }
    return v;
  };
  const bestQuote = new Map<number, { text: string; score: number }>();

  const sentences: SentenceSupport[] = [];
  for (const span of answerSentences(answer)) {
    const sentence = plainSentence(span.text);
    if (!sentence) continue;
    const citations = [...new Set(findCitationMarkers(span.text).flatMap((m) => m.numbers))].filter((n) => n >= 1 && n <= passages.length);
    const terms = contentTerms(analyze, sentence);
    const identifiers = extractIdentifiers(sentence);
    const result = (reason: SupportReason, coverage = 1, missingTerms: string[] = [], missingIdentifiers: string[] = []): SentenceSupport => ({
      sentence,
      citations,
      supported: reason === 'supported' || reason === 'not-a-claim',
      reason,
      coverage,
      missingTerms,
      missingIdentifiers,
    });
    if (NOT_IN_DOCUMENTS.some((re) => re.test(sentence)) || (terms.length === 0 && identifiers.length === 0)) {
      sentences.push(result('not-a-claim'));
      continue;
    }
    if (citations.length === 0) {
      sentences.push(result('no-citation', 0, terms, identifiers));
      continue;
    }
    const cited = citations.map(view);
    const haystack = cited.map((v) => v.text).join('\n');
    // A term counts when the analyser found it in the passage, or it occurs in the passage text
    // (compounds the analyser split differently in the two contexts).
    const missingTerms = terms.filter((t) => !cited.some((v) => v.terms.has(t)) && !haystack.includes(t));
    const missingIdentifiers = identifiers.filter((id) => !containsIdentifier(haystack, id));
    const coverage = terms.length ? (terms.length - missingTerms.length) / terms.length : 1;
    const reason: SupportReason = missingIdentifiers.length
      ? 'identifier-missing'
      : coverage < minCoverage
        ? 'low-overlap'
        : changedQuote(sentence, missingTerms, cited)
          ? 'changed-quote'
          : 'supported';
    sentences.push(result(reason, coverage, missingTerms, missingIdentifiers));

    for (const n of citations) {
      for (const candidate of view(n).sentences) {
        const score = terms.filter((t) => candidate.terms.has(t)).length;
        if (score > (bestQuote.get(n)?.score ?? 0)) bestQuote.set(n, { text: candidate.text, score });
      }
    }
  }
  return {
    sentences,
    unsupported: sentences.filter((s) => !s.supported).map((s) => s.sentence),
    quotes: new Map([...bestQuote].map(([n, q]) => [n, q.text])),
  };
}
