// Sentence boundaries as offsets, so that chunks can point back into the page text.
import { isCjkChar } from './japanese';

/** A sentence as [start, end) offsets into the text, without surrounding whitespace. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** Part of a text to split. */
export interface TextRange {
  /** First offset. Default 0. */
  start?: number;
  /** Offset after the last character. Default the text's length. */
  end?: number;
}

/** How to split. */
export interface SentenceOptions extends TextRange {
  /**
   * Called where a sentence ends (after its closing brackets) with that offset; returns the
   * offset after whatever still belongs to the sentence, such as an answer's citation markers
   * ("…です。[1]"). A returned offset past a period also confirms it as a sentence end ("kg.[2]").
   * Default: nothing follows a sentence.
   */
  trailing?: (text: string, at: number, end: number) => number;
}

// Always end a sentence (Japanese full stops and full-width marks).
const CJK_TERMINATORS = new Set(['。', '！', '？', '．', '｡']);
// End a sentence only before whitespace (so "4.0", "example.com" and "a.b" stay whole).
const LATIN_TERMINATORS = new Set(['.', '?', '!']);
// Closing brackets and quotes that belong to the sentence they follow.
const CLOSERS = new Set(['」', '』', '）', ')', '】', '〕', '〉', '》', '"', '”', '’', "'", ']', '］', '｣']);
// After 。」 these continue the sentence: 「…。」と述べた.
const QUOTE_CONTINUERS = new Set(['と', 'っ', '、', '，']);
// Words whose trailing period is not a sentence end even before a capital ("Fig. 3", "Dr. Sato").
// Words that also end sentences ("etc.", "Inc.") are left out; a lower-case word after them
// keeps the sentence going anyway.
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'cf',
  'vs',
  'no',
  'nos',
  'fig',
  'figs',
  'vol',
  'p',
  'pp',
  'art',
  'sec',
  'ch',
  'eq',
  'ref',
  'approx',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'co',
  'para',
  'ver',
]);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\u3000' || c === '\u00A0';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= '０' && c <= '９'));
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function isWordOrDot(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2e;
  }
  return LETTER_OR_NUMBER.test(String.fromCharCode(code));
}

/** Is the period at `dot` part of an abbreviation, an initial or a list number ("1.")? */
function isNonFinalPeriod(text: string, sentenceStart: number, dot: number): boolean {
  let start = sentenceStart;
  while (start < dot && isSpace(text[start])) start++;
  let i = dot;
  while (i > start && isWordOrDot(text.charCodeAt(i - 1))) i--;
  const word = text.slice(i, dot);
  if (!word) return false;
  // "1." or "2.3." opening the sentence is a list or section number, not a sentence.
  if (i === start && /^[\p{N}.]+$/u.test(word)) return true;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  if (word.includes('.')) return true; // "U.S.", "e.g."
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Characters that may end a sentence: \n . ? ! 。 ！ ？ ． ｡ */
function isCandidate(code: number): boolean {
  return code < 0x80
    ? code === 0x0a || code === 0x2e || code === 0x3f || code === 0x21
    : code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff0e || code === 0xff61;
}

/** Emits text[start, end) without surrounding whitespace, if anything is left. */
function emitTrimmed(text: string, start: number, end: number, emit: (start: number, end: number) => void): void {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if (end > start) emit(start, end);
}

/** Where the sentence whose terminator is at `i` ends, or -1 if that character does not end it. */
function sentenceEnd(text: string, sentenceStart: number, i: number, end: number, trailing: SentenceOptions['trailing']): number {
  const c = text[i];
  const cjk = CJK_TERMINATORS.has(c);
  // Half-width ? and ! after Japanese text end a sentence even without a following space.
  const cjkContext = (c === '?' || c === '!') && isCjkChar(text[i - 1]);
  if (c === '．' && (isDigit(text[i + 1]) || isNonFinalPeriod(text, sentenceStart, i))) return -1;
  let j = i + 1;
  let closed = false;
  while (j < end && (CJK_TERMINATORS.has(text[j]) || LATIN_TERMINATORS.has(text[j]) || CLOSERS.has(text[j]))) {
    if (CLOSERS.has(text[j])) closed = true;
    j++;
  }
  const marked = trailing ? Math.min(Math.max(trailing(text, j, end), j), end) : j;
  if (cjk || cjkContext) return closed && QUOTE_CONTINUERS.has(text[j]) ? -1 : marked;
  if (marked === j && j < end && !isSpace(text[j])) return -1;
  if (c === '.' && isNonFinalPeriod(text, sentenceStart, i)) return -1;
  let k = marked;
  while (k < end && text[k] !== '\n' && isSpace(text[k])) k++;
  if (k < end && /\p{Ll}/u.test(text[k])) return -1; // "e.g. the", "approx. ten"
  return marked;
}

// Brackets whose inside is part of the sentence around them: （以下「本業務」という。）を乙に委託し…
const OPENERS: Record<string, string> = { '「': '」', '『': '』', '（': '）', '(': ')', '【': '】', '〔': '〕' };
const BRACKET_CLOSERS = new Set(Object.values(OPENERS));
/** How far to look for the closing bracket before treating an opener as stray (a typo, a cut line). */
const MAX_BRACKET_CHARS = 400;

/** Does the bracket opened at `open` close on the same line, not far after `from`? */
function closesLater(text: string, open: number, from: number, end: number): boolean {
  let depth = 1;
  const limit = Math.min(end, from + MAX_BRACKET_CHARS);
  for (let k = from; k < limit; k++) {
    const c = text[k]!;
    if (c === '\n') return false;
    if (OPENERS[c]) depth++;
    else if (BRACKET_CLOSERS.has(c) && --depth === 0) return c === OPENERS[text[open]!];
  }
  return false;
}

/**
 * A Japanese full stop inside brackets that the sentence goes on after (「…という。」を、（…。）を)
 * ends nothing. A bracket that opens the sentence (（参考：気象庁。）次の文。) still ends it when it
 * closes, and a stray opener that never closes on its line is ignored.
 */
function insideBrackets(text: string, open: number | undefined, sentenceStart: number, i: number, end: number): boolean {
  if (open === undefined) return false;
  let first = sentenceStart;
  while (first < open && isSpace(text[first])) first++;
  if (first === open) return false;
  return closesLater(text, open, i + 1, end);
}

/**
 * Calls `emit` for each sentence of text[start, end): sentences end at 。！？ (with following
 * closing brackets) outside brackets, at . ? ! followed by whitespace and a word that is not lower
 * case (not in decimals, abbreviations or list numbers), and at every newline.
 */
export function forEachSentence(text: string, range: SentenceOptions, emit: (start: number, end: number) => void): void {
  const end = Math.min(range.end ?? text.length, text.length);
  let sentenceStart = range.start ?? 0;
  // Offsets of the brackets open at this point of the line, outermost first.
  const open: number[] = [];
  for (let i = sentenceStart; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x28 && !isCandidate(code)) {
      const c = text[i]!;
      if (OPENERS[c]) open.push(i);
      else if (BRACKET_CLOSERS.has(c) && open.length) open.pop();
      continue;
    }
    if (!isCandidate(code)) continue;
    if (code === 0x0a) {
      emitTrimmed(text, sentenceStart, i, emit);
      sentenceStart = i + 1;
      open.length = 0;
      continue;
    }
    if (code >= 0x80 && insideBrackets(text, open[0], sentenceStart, i, end)) continue;
    const j = sentenceEnd(text, sentenceStart, i, end, range.trailing);
    if (j < 0) continue;
    emitTrimmed(text, sentenceStart, j, emit);
    sentenceStart = j;
    i = j - 1;
    open.length = 0;
  }
  emitTrimmed(text, sentenceStart, end, emit);
}

/** The sentences of a text (or of part of it), as offsets. */
export function splitSentences(text: string, range: SentenceOptions = {}): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  forEachSentence(text, range, (start, end) => spans.push({ start, end }));
  return spans;
}

const SOFT_BREAK = new Set(['、', '，', ',', ';', '；', ':', '：', ' ', '\u3000', '\t']);

/**
 * Cuts a sentence longer than `limit` characters into pieces of at most `limit`: after the last
 * comma (、，,;:) or space in the second half of each window, else hard at `limit` (never
 * between the two halves of a surrogate pair).
 */
export function splitLongSentence(text: string, span: SentenceSpan, limit: number): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  let start = span.start;
  while (span.end - start > limit) {
    let cut = -1;
    const floor = start + Math.floor(limit / 2);
    for (let i = start + limit; i > floor; i--) {
      if (SOFT_BREAK.has(text[i - 1])) {
        cut = i;
        break;
      }
    }
    if (cut < 0) {
      cut = start + limit;
      const code = text.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    let pieceEnd = cut;
    while (pieceEnd > start && isSpace(text[pieceEnd - 1])) pieceEnd--;
    if (pieceEnd > start) pieces.push({ start, end: pieceEnd });
    start = cut;
    while (start < span.end && isSpace(text[start])) start++;
  }
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}
