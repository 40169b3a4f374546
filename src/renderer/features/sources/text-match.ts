/**
 * Finding text in text the way a reader would: the passage stored for a chunk (cleaned: running
 * headers gone, lines joined) inside the raw text of a PDF page, and the words of a question
 * inside a quote. Matching ignores whitespace, width and case (NFKC + lower case); ranges point
 * into the original strings.
 */
import { foldText, type FoldedText } from '../../../shared/fold';

export type Range = [start: number, end: number];

/** Folded with whitespace dropped: a passage matches its page across line breaks. */
function fold(text: string): FoldedText {
  return foldText(text, { dropWhitespace: true });
}

function toSource(folded: FoldedText, start: number, end: number, original: string): Range {
  const last = folded.source[end - 1];
  const code = original.charCodeAt(last);
  // A character outside the BMP takes two UTF-16 units.
  return [folded.source[start], last + (code >= 0xd800 && code <= 0xdbff ? 2 : 1)];
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else out.push([...range]);
  }
  return out;
}

/**
 * Where `passage` appears in `page`: the whole passage when it is there as is, else the runs of
 * it that are (a passage cleaned of headers, or one that continues on the next page).
 * Returns ranges into `page`; empty when too little of the passage is found.
 */
export function locatePassage(page: string, passage: string, options: { minRun?: number } = {}): Range[] {
  const minRun = options.minRun ?? 8;
  const p = fold(page);
  const q = fold(passage).text;
  if (!q || !p.text) return [];
  const whole = p.text.indexOf(q);
  if (whole !== -1) return [toSource(p, whole, whole + q.length, page)];

  const found: Range[] = [];
  let matched = 0;
  let cursor = 0;
  for (let at = 0; at + minRun <= q.length;) {
    const probe = q.slice(at, at + minRun);
    let hit = p.text.indexOf(probe, cursor);
    if (hit === -1) hit = p.text.indexOf(probe);
    if (hit === -1) {
      at += 1;
      continue;
    }
    let length = minRun;
    while (at + length < q.length && hit + length < p.text.length && q[at + length] === p.text[hit + length]) length++;
    found.push([hit, hit + length]);
    matched += length;
    at += length;
    cursor = hit + length;
  }
  const kept = densestCluster(found, q.length);
  matched = kept.reduce((sum, [s, e]) => sum + e - s, 0);
  if (matched < Math.min(q.length * 0.3, 40) && matched < q.length) return [];
  return merge(kept.map(([s, e]) => toSource(p, s, e, page)));
}

/**
 * The pieces that lie together where the passage is: a list whose items end alike (…しないこと) gives probes that
 * also hit the other items, and marking those scatters highlights over the page. Keeps the window about the
 * passage's length that holds the most matched characters.
 */
function densestCluster(found: Range[], passageLength: number): Range[] {
  if (found.length < 2) return found;
  const sorted = [...found].sort((a, b) => a[0] - b[0]);
  const span = Math.ceil(passageLength * 1.3) + 16;
  let best: Range[] = [];
  let bestMatched = -1;
  for (let i = 0; i < sorted.length; i++) {
    let matched = 0;
    const window: Range[] = [];
    for (let j = i; j < sorted.length && sorted[j]![1] <= sorted[i]![0] + span; j++) {
      window.push(sorted[j]!);
      matched += sorted[j]![1] - sorted[j]![0];
    }
    if (matched > bestMatched) {
      bestMatched = matched;
      best = window;
    }
  }
  return best;
}

const HIRAGANA_OR_PUNCT = /[\u3040-\u309f\s、。，．・「」『』（）()？?！!：:；;…〜~"'“”‘’]+/u;
const KANJI = /^[\u3400-\u9fff々〆]+$/u;

/**
 * The words of a question worth highlighting in a quote: runs of kanji, katakana, Latin letters
 * and digits (particles and punctuation split them), with the two-kanji parts of longer kanji
 * runs so that 事前承諾 also lights up 事前の承諾.
 */
export function questionTerms(question: string): string[] {
  const terms = new Set<string>();
  for (const run of question.normalize('NFKC').split(HIRAGANA_OR_PUNCT)) {
    const word = run.trim();
    if (!word) continue;
    if (/^[a-z0-9]$/i.test(word)) continue;
    terms.add(word.toLowerCase());
    if (KANJI.test(word) && word.length > 2) for (let i = 0; i + 2 <= word.length; i++) terms.add(word.slice(i, i + 2));
    for (const latin of word.match(/[a-z0-9][a-z0-9\-_.×]*[a-z0-9]/giu) ?? []) terms.add(latin.toLowerCase());
  }
  for (const stop of ['what', 'the', 'and', 'how', 'does', 'for', 'with', 'is', 'are', 'に', 'は']) terms.delete(stop);
  return [...terms].filter((t) => t.length >= 2);
}

/** Ranges of `text` where any of `terms` occurs (width- and case-insensitive). */
export function termRanges(text: string, terms: string[]): Range[] {
  if (terms.length === 0) return [];
  const f = fold(text);
  const ranges: Range[] = [];
  for (const term of terms) {
    const t = fold(term).text;
    if (!t) continue;
    for (let at = f.text.indexOf(t); at !== -1; at = f.text.indexOf(t, at + t.length)) ranges.push(toSource(f, at, at + t.length, text));
  }
  return merge(ranges);
}

/** Converts ranges into alternating plain / marked pieces for rendering. */
export function splitByRanges(text: string, ranges: Range[]): Array<{ text: string; marked: boolean }> {
  const pieces: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) pieces.push({ text: text.slice(at, s), marked: false });
    if (e > s) pieces.push({ text: text.slice(Math.max(s, at), e), marked: true });
    at = Math.max(at, e);
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
