/**
 * Which writing a passage or a query is in, as the vector leg needs it: Japanese (kanji, kana)
 * or other (Latin and the rest). Read from a chunk's analysed terms, which every leg already
 * returns, so a library needs no new column and no re-index. The embedder's vectors put passages
 * of the question's own language nearer; the vector leg ranks each language apart (vector-leg.ts).
 */
import { JAPANESE_LETTERS } from '../text/japanese';

export type Script = 'ja' | 'other';

const JAPANESE = new RegExp(`[${JAPANESE_LETTERS}]`, 'gu');
const OTHER_LETTERS = /[\p{L}]/gu;

/**
 * 'ja' when Japanese letters make at least a tenth of the letters: a Japanese word is two or
 * three characters where an English one is five to ten, and a chunk's terms keep no particles, so
 * a Japanese manual quoting commands stays Japanese (of the 652 passages of the Japanese TeX Live
 * and Debian guides, 34 fall below: code listings), and an English passage quoting a Japanese word
 * stays English.
 */
export function scriptOf(text: string): Script {
  const japanese = text.match(JAPANESE)?.length ?? 0;
  if (japanese === 0) return 'other';
  const letters = text.match(OTHER_LETTERS)?.length ?? 0;
  return japanese >= 0.1 * letters ? 'ja' : 'other';
}
