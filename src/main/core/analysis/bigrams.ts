/**
 * Character bigrams: the second search leg, for words the dictionary does not know (names,
 * new katakana terms, product names) where kuromoji's split differs between query and passage.
 * Runs of Latin letters and digits stay whole words; every other run of letters gives its
 * overlapping bigrams (a one-character run gives itself).
 */
import { normalizeForSearch } from '../text/normalize';

const WORD_RUN = /[\p{L}\p{N}\p{M}ー]+/gu;
const LATIN_OR_DIGIT_RUN = /[a-z0-9]+|[^a-z0-9]+/gu;

export function charBigrams(text: string): string[] {
  const grams: string[] = [];
  for (const run of normalizeForSearch(text).match(WORD_RUN) ?? []) {
    for (const piece of run.match(LATIN_OR_DIGIT_RUN) ?? []) {
      if (/^[a-z0-9]/.test(piece)) {
        grams.push(piece);
        continue;
      }
      const chars = Array.from(piece);
      if (chars.length === 1) grams.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    }
  }
  return grams;
}
