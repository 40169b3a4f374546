/**
 * How faithful extracted text is: character error rate against a ground truth (whitespace
 * ignored), and stray spaces (a space between two Japanese characters, where Japanese has none).
 * Used by `npm run eval:text` and the fixture tests.
 */
import { isJapaneseChar } from './japanese';

/** Levenshtein distance over code points, in O(n·m) time and O(m) memory. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Uint32Array(y.length + 1).map((_, j) => j);
  let next = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    next[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const cost = xi === y[j - 1] ? 0 : 1;
      next[j] = Math.min(prev[j]! + 1, next[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, next] = [next, prev];
  }
  return prev[y.length]!;
}

/** Character error rate of `text` against `truth`, whitespace removed from both, NFKC on both. */
export function characterErrorRate(text: string, truth: string): number {
  const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const t = squeeze(truth);
  return t.length === 0 ? 0 : editDistance(squeeze(text), t) / t.length;
}

const SPACES = /[ \u00A0]+/g;

/**
 * Spaces (ASCII or no-break) between two Japanese characters, per 1,000 characters of text. Not
 * counted: the ideographic space 「　」, which Japanese writers type (「第1章　総則」) and which is
 * written only for a lone full-em gap; tabs, which separate table cells; line breaks.
 */
export function straySpaceRate(text: string): { count: number; per1000: number } {
  let count = 0;
  for (const m of text.matchAll(SPACES)) {
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (isJapaneseChar(Array.from(before).pop()) && isJapaneseChar(Array.from(after)[0])) count++;
  }
  return { count, per1000: text.length ? (1000 * count) / text.length : 0 };
}
